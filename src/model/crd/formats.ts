/**
 * OpenAPI `format`s as the Kubernetes API server checks them. Only formats
 * implemented here may appear in a schema: any other makes schema
 * compilation throw instead of being ignored.
 */

export interface FormatCheck {
  /** The JSON type the format applies to; other types are left to `type`. */
  readonly type: 'number' | 'string';
  /** Words for the error message: "must be <description>". */
  readonly description: string;
  readonly validate: (value: any) => boolean;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

function isDateTime(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth
    && hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

// Go's time.ParseDuration: "0", or signed number+unit groups like "1h30m".
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

// Go's base64.StdEncoding, which decodes `format: byte` fields; it skips CR/LF.
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True when `value` is padded standard base64, as Kubernetes decodes `data`. */
export function isStdBase64(value: string): boolean {
  return STD_BASE64.test(value.replace(/[\r\n]/g, ''));
}

export const FORMATS: Readonly<Record<string, FormatCheck>> = {
  'int32': {
    type: 'number',
    description: 'a 32-bit integer',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  },
  'int64': {
    type: 'number',
    description: 'a 64-bit integer',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63,
  },
  'date-time': {
    type: 'string',
    description: 'an RFC 3339 date-time such as 2024-05-08T10:00:00Z',
    validate: isDateTime,
  },
  'duration': {
    type: 'string',
    description: 'a Go duration such as 90s or 1h30m',
    validate: (s: string) => GO_DURATION.test(s),
  },
  'byte': {
    type: 'string',
    description: 'padded standard base64',
    validate: isStdBase64,
  },
};
