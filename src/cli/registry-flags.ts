/**
 * The registry flags every networked command shares, named as `helm push`
 * and `helm registry login` name them; `--insecure` keeps Flux's meaning.
 */
export const REGISTRY_OPTIONS = {
  'plain-http': { type: 'boolean' },
  'insecure': { type: 'boolean' },
  'insecure-skip-tls-verify': { type: 'boolean' },
  'ca-file': { type: 'string' },
  'cert-file': { type: 'string' },
  'key-file': { type: 'string' },
} as const;

/** The values of {@link REGISTRY_OPTIONS} as parsed. */
export interface RegistryOptionValues {
  readonly 'plain-http'?: boolean;
  readonly 'insecure'?: boolean;
  readonly 'insecure-skip-tls-verify'?: boolean;
  readonly 'ca-file'?: string;
  readonly 'cert-file'?: string;
  readonly 'key-file'?: string;
}

type RegistryOption = keyof typeof REGISTRY_OPTIONS;

/** Each flag as the usage shows it, and what it does (continuation lines indented by the usage). */
const OPTION_HELP: Readonly<Record<RegistryOption, readonly [string, string]>> = {
  'plain-http': ['--plain-http', 'reach the registry over plain HTTP, no TLS'],
  'insecure': ['--insecure', 'the same as --plain-http: Flux\'s \'insecure: true\'\n(it does not mean "skip TLS verification")'],
  'insecure-skip-tls-verify': ['--insecure-skip-tls-verify', "TLS without checking the registry's certificate\n(this command only: Flux cannot do it; warns)"],
  'ca-file': ['--ca-file <file>', 'trust this PEM CA bundle in addition to the system roots'],
  'cert-file': ['--cert-file <file>', 'client certificate (PEM) for registries that require mutual TLS'],
  'key-file': ['--key-file <file>', 'its private key (PEM)'],
};

const WHERE_FROM = `Credentials come from the Helm registry config, the docker config
(auths, credHelpers, credsStore, DOCKER_AUTH_CONFIG) and podman's auth
files, in that order; use 'flux-oci login' to store them.
CAs (and client certificates) already set up for the host are trusted too:
SSL_CERT_FILE, a CA stored by 'flux-oci login --ca-file', and the first of
~/.config/containers/certs.d/<host>/, /etc/containers/certs.d/<host>/,
/etc/docker/certs.d/<host>/ (*.crt CAs, X.cert + X.key client pairs).`;

/** The usage paragraph for `options` (all of {@link REGISTRY_OPTIONS} by default), a command's own wording in `descriptions`. */
export function registryUsage(
  options: readonly RegistryOption[] = Object.keys(REGISTRY_OPTIONS) as RegistryOption[],
  descriptions: Partial<Record<RegistryOption, string>> = {},
): string {
  const line = (o: RegistryOption) => {
    const [flag, text] = OPTION_HELP[o];
    return `  ${flag.padEnd(29)}${(descriptions[o] ?? text).replace(/\n/g, `\n${' '.repeat(31)}`)}`;
  };
  return `Registry options:\n${options.map(line).join('\n')}\n\n${WHERE_FROM}`;
}

export const REGISTRY_USAGE = registryUsage();

/**
 * The registry flags of commands that look charts up through the
 * synth-time check (`bump`): only what Flux can do as well.
 */
export const CHECK_REGISTRY_OPTIONS = {
  'plain-http': REGISTRY_OPTIONS['plain-http'],
  'insecure': REGISTRY_OPTIONS.insecure,
  'ca-file': REGISTRY_OPTIONS['ca-file'],
} as const;

export const CHECK_REGISTRY_USAGE = registryUsage(['plain-http', 'insecure', 'ca-file']);
