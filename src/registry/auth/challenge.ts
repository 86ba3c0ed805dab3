import { ResponseHeaders, headerValues } from '../transport';

/** One `WWW-Authenticate` challenge. @internal */
export interface AuthChallenge {
  /** Lowercased scheme, e.g. `bearer`, `basic`. */
  readonly scheme: string;
  /** Parameters with lowercased names and unquoted values. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses `WWW-Authenticate` values (RFC 9110 §11.6.1): several challenges
 * per header and several headers, parameters as tokens or quoted strings
 * (which may hold commas and `\`-escapes).
 *
 * @example parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"')
 * @internal
 */
export function parseChallenges(values: string | readonly string[]): AuthChallenge[] {
  const out: Array<{ scheme: string; params: Record<string, string> }> = [];
  for (const value of typeof values === 'string' ? [values] : values) {
    let current: { scheme: string; params: Record<string, string> } | undefined;
    let i = 0;
    const n = value.length;
    const skip = (chars: RegExp): void => { while (i < n && chars.test(value[i])) i++; };
    while (i < n) {
      skip(/[\s,]/);
      if (i >= n) break;
      const start = i;
      while (i < n && !/[\s,="]/.test(value[i])) i++;
      const token = value.slice(start, i);
      skip(/\s/);
      if (current && token !== '' && value[i] === '=') {
        i++;
        skip(/\s/);
        current.params[token.toLowerCase()] = readValue();
      } else if (token !== '') {
        current = { scheme: token.toLowerCase(), params: {} };
        out.push(current);
      } else {
        // Stray quote or '=' with no challenge: skip a character rather than loop.
        i++;
      }
    }

    function readValue(): string {
      if (value[i] !== '"') {
        const s = i;
        while (i < n && !/[\s,]/.test(value[i])) i++;
        return value.slice(s, i);
      }
      i++;
      let text = '';
      while (i < n && value[i] !== '"') {
        if (value[i] === '\\' && i + 1 < n) i++;
        text += value[i++];
      }
      i++;
      return text;
    }
  }
  return out;
}

/** The first Basic or Bearer challenge of a response, as ggcr picks it. */
export function authChallenge(headers: ResponseHeaders): AuthChallenge | undefined {
  return parseChallenges(headerValues(headers, 'www-authenticate')).find((c) => c.scheme === 'bearer' || c.scheme === 'basic');
}
