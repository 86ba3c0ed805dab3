/**
 * Rules of core Kubernetes kinds that live in Go code rather than in their
 * OpenAPI schema (k8s.io/kubernetes pkg/apis/core/validation `ValidateSecret`,
 * `ValidateConfigMap`). Their schemas are hand-written in
 * scripts/schemas/core-kinds.ts.
 */
import { isStdBase64 } from './formats';
import { configMapKeyError } from './k8s-names';
import { Problem } from './problem';
import { pointerSegment } from '../../foundation/json-pointer';

/** ConfigMap keys follow the same syntax as Secret keys. */
export function checkConfigMap(configMap: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const field of ['data', 'binaryData'] as const) {
    const map = configMap[field];
    if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
    for (const key of Object.keys(map)) {
      const reason = configMapKeyError(key);
      if (reason) problems.push({ pointer: `/${field}/${pointerSegment(key)}`, message: `invalid key: ${reason}` });
    }
  }
  return problems;
}

const MAX_SECRET_BYTES = 1024 * 1024;

/** Keys each built-in Secret type requires (any one of the list). */
const REQUIRED_KEYS: Readonly<Record<string, readonly string[][]>> = {
  'kubernetes.io/dockerconfigjson': [['.dockerconfigjson']],
  'kubernetes.io/dockercfg': [['.dockercfg']],
  'kubernetes.io/basic-auth': [['username', 'password']],
  'kubernetes.io/ssh-auth': [['ssh-privatekey']],
  'kubernetes.io/tls': [['tls.crt'], ['tls.key']],
};

/**
 * Secret rules beyond the schema: key syntax, the 1 MiB limit and what each
 * built-in type needs. As in the API server, `stringData` is merged over
 * `data` first. Messages name keys, never values.
 */
export function checkSecret(secret: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const merged = new Map<string, string>();
  for (const field of ['data', 'stringData'] as const) {
    const map = secret[field];
    if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      const reason = configMapKeyError(key);
      if (reason) problems.push({ pointer: `/${field}/${pointerSegment(key)}`, message: `invalid key: ${reason}` });
      if (typeof value !== 'string') continue;
      if (field === 'data') {
        if (isStdBase64(value)) merged.set(key, Buffer.from(value, 'base64').toString('utf8'));
      } else {
        merged.set(key, value);
      }
    }
  }

  const size = [...merged].reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v), 0);
  if (size > MAX_SECRET_BYTES) problems.push({ pointer: '/data', message: `total size must be at most 1 MiB (got ${size} bytes)` });

  const type = typeof secret.type === 'string' ? secret.type : 'Opaque';
  for (const anyOf of REQUIRED_KEYS[type] ?? []) {
    if (!anyOf.some((k) => merged.has(k))) {
      const keys = anyOf.map((k) => `"${k}"`).join(' or ');
      problems.push({ pointer: '/data', message: `type ${type} needs key ${keys} in data or stringData` });
    }
  }
  if (type === 'kubernetes.io/service-account-token') {
    const annotations = (secret.metadata as any)?.annotations;
    if (typeof annotations?.['kubernetes.io/service-account.name'] !== 'string') {
      problems.push({ pointer: '/metadata/annotations', message: `type ${type} needs annotation "kubernetes.io/service-account.name"` });
    }
  }
  if (type === 'kubernetes.io/dockerconfigjson' && merged.has('.dockerconfigjson')) {
    const pointer = pointerOf(secret, '.dockerconfigjson');
    const reason = dockerConfigJsonError(merged.get('.dockerconfigjson')!);
    if (reason) problems.push({ pointer, message: reason });
  }
  if (type === 'kubernetes.io/dockercfg' && merged.has('.dockercfg') && !isJsonObject(merged.get('.dockercfg')!)) {
    problems.push({ pointer: pointerOf(secret, '.dockercfg'), message: 'must hold a JSON object' });
  }
  return problems;
}

// Where a merged key came from: stringData wins, as in the API server.
function pointerOf(secret: Record<string, unknown>, key: string): string {
  const fromStringData = (secret.stringData as Record<string, unknown> | undefined)?.[key] !== undefined;
  return `/${fromStringData ? 'stringData' : 'data'}/${pointerSegment(key)}`;
}

function isJsonObject(text: string): boolean {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

// Flux and kubelet read `auths`; the parse error text is not quoted since it
// would echo credentials.
function dockerConfigJsonError(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'must hold JSON (a docker config with an "auths" object); it does not parse';
  }
  const auths = (parsed as any)?.auths;
  if (typeof auths !== 'object' || auths === null || Array.isArray(auths)) {
    return 'must hold a docker config JSON with an "auths" object (registry host → credentials)';
  }
  for (const [host, entry] of Object.entries(auths)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return `"auths" entry for ${JSON.stringify(host)} must be an object`;
    }
  }
  return undefined;
}
