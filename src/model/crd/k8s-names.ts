/**
 * Kubernetes name syntaxes (k8s.io/apimachinery/pkg/util/validation), as
 * predicates returning the reason a value is invalid, or undefined.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function dns1123LabelError(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters (has ${value.length})`;
  if (!DNS1123_LABEL.test(value)) {
    return 'must be a DNS-1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit';
  }
  return undefined;
}

export function dns1123SubdomainError(value: string): string | undefined {
  if (value.length > 253) return `must be at most 253 characters (has ${value.length})`;
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return 'must be a DNS-1123 subdomain: lowercase letters, digits, \'-\' and \'.\', each dot-separated part starting and ending with a letter or digit';
  }
  return undefined;
}

/** Label and annotation keys, finalizers: `[prefix/]name`. */
export function qualifiedNameError(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return 'must be a qualified name: an optional DNS-1123 subdomain prefix and \'/\', then a name';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') return 'prefix before \'/\' must not be empty';
    const prefixError = dns1123SubdomainError(parts[0]);
    if (prefixError) return `prefix ${prefixError}`;
  }
  if (name.length === 0 || name.length > 63) return `name part must be 1-63 characters (has ${name.length})`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return 'name part must be letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters (has ${value.length})`;
  if (!LABEL_VALUE.test(value)) {
    return 'must be empty or letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit';
  }
  return undefined;
}

/** Secret and ConfigMap data keys. */
export function configMapKeyError(value: string): string | undefined {
  if (value.length === 0 || value.length > 253) return `must be 1-253 characters (has ${value.length})`;
  if (!/^[-._a-zA-Z0-9]+$/.test(value)) return 'must consist of letters, digits, \'-\', \'_\' or \'.\'';
  if (value === '.' || value === '..' || value.startsWith('..')) return 'must not be \'.\' or \'..\' or start with \'..\'';
  return undefined;
}
