import { isIPv6 } from 'node:net';
import { InvalidReferenceError } from './errors';

/**
 * Parsing and formatting of registry references:
 * `oci://host[:port]/path[:tag][@algo:hex]`, plus the bare `host/path` form
 * where a caller asks for it. Follows the distribution reference grammar
 * (distribution/reference `regexp.go`, opencontainers/distribution-spec
 * `spec.md`); Docker Hub names are normalised the way docker and oras-go do.
 */

/** API host of Docker Hub; `docker.io` and `index.docker.io` are aliases of it. */
export const DOCKER_HUB_HOST = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', DOCKER_HUB_HOST]);

// distribution-spec: `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*` per path component.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const DIGEST = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };
/** distribution's `NameTotalLengthMax`: host plus path. */
const MAX_NAME_LENGTH = 255;

/** Options for {@link parseOciReference}. */
export interface ParseOciReferenceOptions {
  /**
   * Accept a `:tag`. Source URLs (OCIRepository, HelmRepository) must not
   * carry one: the version comes from the release.
   * @default true
   */
  readonly allowTag?: boolean;
  /**
   * Accept an `@algo:hex` digest.
   * @default true
   */
  readonly allowDigest?: boolean;
  /**
   * Accept `host/path` without the `oci://` scheme. The first component must
   * then look like a host (contain `.` or `:`, be `localhost` or an IPv6
   * literal), as docker requires.
   * @default false
   */
  readonly allowBare?: boolean;
}

/** The parts of an {@link OciReference}. */
export interface OciReferenceParts {
  /** Registry host as written, `host[:port]`, lowercased; IPv6 literals in brackets. */
  readonly registryHost: string;
  /** Repository path as written (no `library/` added). */
  readonly path: string;
  /** @default - none */
  readonly tag?: string;
  /** @default - none */
  readonly digest?: string;
}

/**
 * A parsed registry reference. Immutable; the `with…` methods return new
 * instances.
 *
 * @example
 * const source = parseOciReference('oci://ghcr.io/acme/charts', { allowTag: false, allowDigest: false });
 * const chart = source.child('apache').withTag('1.2.3');
 * chart.toString(); // 'oci://ghcr.io/acme/charts/apache:1.2.3'
 */
export class OciReference {
  /** Parses `oci://host/path[:tag][@digest]`; see {@link parseOciReference}. */
  public static parse(input: string, options?: ParseOciReferenceOptions): OciReference {
    return parseOciReference(input, options);
  }

  /**
   * Registry host as written, lowercased, `host[:port]` (e.g. `ghcr.io`,
   * `127.0.0.1:5000`, `[::1]:5000`, `docker.io`). This is what Flux compares
   * the `auths` keys of a dockerconfigjson Secret against.
   */
  public readonly registryHost: string;
  /**
   * Host the API is served from: {@link registryHost}, except that Docker
   * Hub aliases become `registry-1.docker.io`.
   */
  public readonly host: string;
  /** Repository path as written. */
  public readonly path: string;
  /**
   * Repository name used in API calls: {@link path}, except that a
   * one-component Docker Hub path gets `library/` in front.
   */
  public readonly repository: string;
  /** Tag, if any. */
  public readonly tag?: string;
  /** Digest (`algo:hex`), if any. */
  public readonly digest?: string;

  /** Validates the parts; throws {@link InvalidReferenceError} when one is malformed. */
  constructor(parts: OciReferenceParts) {
    const input = formatParts(parts);
    const registryHost = parseHost(input, parts.registryHost).registryHost;
    checkPath(input, parts.path, registryHost);
    if (parts.tag !== undefined) checkTag(input, parts.tag);
    if (parts.digest !== undefined) checkDigest(input, parts.digest);
    this.registryHost = registryHost;
    this.host = DOCKER_HUB_ALIASES.has(registryHost) ? DOCKER_HUB_HOST : registryHost;
    this.path = parts.path;
    this.repository = this.host === DOCKER_HUB_HOST && !parts.path.includes('/') ? `library/${parts.path}` : parts.path;
    this.tag = parts.tag;
    this.digest = parts.digest;
  }

  /** True for Docker Hub (`docker.io`, `index.docker.io`, `registry-1.docker.io`). */
  public get isDockerHub(): boolean {
    return this.host === DOCKER_HUB_HOST;
  }

  /** `host/repository` as used in API URLs and token scopes, without tag or digest. */
  public get name(): string {
    return `${this.host}/${this.repository}`;
  }

  /** What goes after `/manifests/`: the digest if there is one, else the tag. */
  public get manifestReference(): string | undefined {
    return this.digest ?? this.tag;
  }

  /** Same registry, another repository path; tag and digest dropped. */
  public withRepository(path: string): OciReference {
    return new OciReference({ registryHost: this.registryHost, path });
  }

  /**
   * Appends one or more path components, e.g. a chart name to a source URL;
   * tag and digest dropped.
   */
  public child(name: string): OciReference {
    return this.withRepository(`${this.path}/${name}`);
  }

  /** Same repository with this tag (and no digest). */
  public withTag(tag: string): OciReference {
    return new OciReference({ registryHost: this.registryHost, path: this.path, tag });
  }

  /** Same repository and tag with this digest. */
  public withDigest(digest: string): OciReference {
    return new OciReference({ registryHost: this.registryHost, path: this.path, tag: this.tag, digest });
  }

  /** Same repository without tag or digest. */
  public withoutVersion(): OciReference {
    return new OciReference({ registryHost: this.registryHost, path: this.path });
  }

  /**
   * The reference as text: `oci://registryHost/path[:tag][@digest]`, or
   * without the scheme when `scheme: false`.
   */
  public format(options: { readonly scheme?: boolean } = {}): string {
    const text = formatParts(this);
    return options.scheme === false ? text : `oci://${text}`;
  }

  public toString(): string {
    return this.format();
  }

  public toJSON(): string {
    return this.format();
  }
}

/**
 * Parses a registry reference.
 *
 * @example 'oci://ghcr.io/acme/charts'
 * @example 'oci://127.0.0.1:5000/charts/mychart:0.1.0'
 * @example 'oci://[::1]:5000/charts/mychart@sha256:…'
 * @example 'ghcr.io/acme/charts/app:1.0.0' (with `allowBare: true`)
 * @throws InvalidReferenceError naming the part at fault and the accepted form
 */
export function parseOciReference(input: string, options: ParseOciReferenceOptions = {}): OciReference {
  if (typeof input !== 'string' || input.length === 0) {
    throw new InvalidReferenceError(String(input), 'input',
      `expected a registry reference such as 'oci://ghcr.io/org/charts', got ${input === '' ? 'an empty string' : typeof input}`);
  }
  const userinfo = userinfoOf(input);
  if (userinfo) {
    // Never echoed: what stands before '@' is a username and likely a password.
    throw new InvalidReferenceError(userinfo.redacted, 'host',
      `'${userinfo.redacted}' has a username or password before the host ('…@'); a registry reference carries no credentials: `
      + `write '${userinfo.redacted.replace('***@', '')}' and give the credentials separately (a PrivateRegistrySecret, or 'flux-oci login')`);
  }
  if (/\s/.test(input)) {
    throw new InvalidReferenceError(input, 'input', `'${input}' contains whitespace; a registry reference is 'oci://host/path' with no spaces`);
  }
  const rest = stripScheme(input, options.allowBare ?? false);
  const slash = rest.indexOf('/');
  const hostText = slash < 0 ? rest : rest.slice(0, slash);
  const { registryHost, hostLike } = parseHost(input, hostText);
  if (rest === input && !hostLike) {
    throw new InvalidReferenceError(input, 'host',
      `'${input}' does not start with a registry host; write it as '<host>/${input}' (for Docker Hub 'docker.io/${input}')`);
  }
  let remainder = slash < 0 ? '' : rest.slice(slash + 1);
  if (remainder === '') {
    throw new InvalidReferenceError(input, 'repository',
      `'${input}' has no repository path after the host; write it as 'oci://${registryHost}/<path>'`);
  }

  let digest: string | undefined;
  const at = remainder.indexOf('@');
  if (at >= 0) {
    digest = remainder.slice(at + 1);
    remainder = remainder.slice(0, at);
  }
  let tag: string | undefined;
  const colon = remainder.indexOf(':', remainder.lastIndexOf('/') + 1);
  if (colon >= 0) {
    tag = remainder.slice(colon + 1);
    remainder = remainder.slice(0, colon);
  }

  const bare = `oci://${registryHost}/${remainder}`;
  if (tag !== undefined && options.allowTag === false) {
    throw new InvalidReferenceError(input, 'tag',
      `'${input}' must not include a tag (':${tag}'); the version is given separately, so write '${bare}'`);
  }
  if (digest !== undefined && options.allowDigest === false) {
    throw new InvalidReferenceError(input, 'digest',
      `'${input}' must not include a digest ('@${digest}'); the version is given separately, so write '${bare}'`);
  }
  checkPath(input, remainder, registryHost);
  if (tag !== undefined) checkTag(input, tag);
  if (digest !== undefined) checkDigest(input, digest);
  return new OciReference({ registryHost, path: remainder, tag, digest });
}

/**
 * An image repository as docker and go-containerregistry name one, with no
 * scheme (an ImageRepository's `spec.image`, `docker pull`'s argument): the
 * first component is the registry host only when it looks like one (holds
 * `.` or `:`, or is `localhost`), otherwise the image is on Docker Hub,
 * where a one-component name is under `library/` (google/go-containerregistry
 * pkg/name/repository.go `NewRepository`, registry.go `DefaultRegistry`).
 *
 * @example parseImageName('nginx').name // 'registry-1.docker.io/library/nginx'
 * @example parseImageName('ghcr.io/acme/web').registryHost // 'ghcr.io'
 * @throws InvalidReferenceError as {@link parseOciReference}
 */
export function parseImageName(image: string, options: Pick<ParseOciReferenceOptions, 'allowTag' | 'allowDigest'> = {}): OciReference {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const hosted = /[.:]/.test(first) || first === 'localhost';
  return parseOciReference(`oci://${hosted ? '' : 'docker.io/'}${image}`, options);
}

/** True when `tag` matches the distribution tag grammar `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`. */
export function isValidTag(tag: string): boolean {
  // By character code: a tag listing checks every tag, and this is several times faster than the equivalent RegExp.
  const n = tag.length;
  if (n === 0 || n > 128) return false;
  for (let i = 0; i < n; i++) {
    const c = tag.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // 0-9 A-Z a-z _
    if (!word && (i === 0 || (c !== 46 && c !== 45))) return false; // . - not first
  }
  return true;
}

/**
 * Checks a digest (`algo:hex`; sha256 needs 64 and sha512 128 lowercase hex
 * digits) and returns it.
 * @throws InvalidReferenceError when malformed
 */
export function validateDigest(digest: string): string {
  checkDigest(digest, digest);
  return digest;
}

/** `scheme://user:pw@host/…` (or bare `user@host/…`) with the userinfo replaced by `***`; undefined without userinfo. */
function userinfoOf(input: string): { redacted: string } | undefined {
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(input)?.[0] ?? '';
  const rest = input.slice(scheme.length);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  if (at < 0) return undefined;
  return { redacted: `${scheme}***@${rest.slice(at + 1)}` };
}

function stripScheme(input: string, allowBare: boolean): string {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(input)?.[1];
  if (scheme === 'oci') return input.slice('oci://'.length);
  if (scheme !== undefined) {
    const rest = input.slice(scheme.length + 3);
    throw new InvalidReferenceError(input, 'scheme', scheme.toLowerCase() === 'oci'
      ? `'${input}' has the scheme in uppercase; write it as 'oci://${rest}'`
      : `'${input}' uses the ${scheme}:// scheme; charts in OCI registries are addressed as 'oci://${rest}'`);
  }
  if (allowBare) return input;
  throw new InvalidReferenceError(input, 'scheme', `'${input}' has no scheme; write it as 'oci://${input}'`);
}

function parseHost(input: string, text: string): { registryHost: string; hostLike: boolean } {
  if (text === '') {
    throw new InvalidReferenceError(input, 'host', `'${input}' has no registry host; write it as 'oci://<host>/<path>'`);
  }
  let hostname: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    hostname = close < 0 ? text.slice(1) : text.slice(1, close);
    const after = close < 0 ? '' : text.slice(close + 1);
    if (close < 0 || !isIPv6(hostname) || (after !== '' && !after.startsWith(':'))) {
      throw new InvalidReferenceError(input, 'host',
        `'${text}' is not a valid IPv6 host; write an IPv6 address in brackets, e.g. '[::1]:5000'`);
    }
    portText = after === '' ? undefined : after.slice(1);
    hostname = `[${hostname.toLowerCase()}]`;
  } else {
    const parts = text.split(':');
    if (parts.length > 2) {
      throw new InvalidReferenceError(input, 'host',
        `'${text}' is not a valid host; IPv6 addresses must be written in brackets, e.g. '[::1]:5000'`);
    }
    hostname = parts[0].toLowerCase();
    portText = parts[1];
    if (!hostname.split('.').every((label) => DOMAIN_COMPONENT.test(label))) {
      throw new InvalidReferenceError(input, 'host',
        `'${parts[0]}' is not a valid registry host; a host is a DNS name or IP address such as 'ghcr.io' or '127.0.0.1'`);
    }
  }
  if (portText !== undefined) {
    const port = Number(portText);
    if (!/^[0-9]{1,5}$/.test(portText) || port < 1 || port > 65535) {
      throw new InvalidReferenceError(input, 'port', `'${portText}' is not a valid port in '${text}'; a port is a number from 1 to 65535`);
    }
  }
  const registryHost = portText === undefined ? hostname : `${hostname}:${Number(portText)}`;
  const hostLike = portText !== undefined || hostname.includes('.') || hostname === 'localhost' || hostname.startsWith('[');
  return { registryHost, hostLike };
}

function checkPath(input: string, path: string, registryHost: string): void {
  if (path === '') {
    throw new InvalidReferenceError(input, 'repository', `'${input}' has no repository path after the host`);
  }
  const components = path.split('/');
  if (components.some((c) => c === '')) {
    throw new InvalidReferenceError(input, 'repository',
      `repository path '${path}' has an empty component (a leading, trailing or double '/'); write it as '${components.filter((c) => c !== '').join('/')}'`);
  }
  if (path !== path.toLowerCase() && components.every((c) => PATH_COMPONENT.test(c.toLowerCase()))) {
    throw new InvalidReferenceError(input, 'repository',
      `repository path '${path}' contains uppercase letters; registries accept lowercase paths only, so write '${path.toLowerCase()}'`);
  }
  const bad = components.find((c) => !PATH_COMPONENT.test(c));
  if (bad !== undefined) {
    throw new InvalidReferenceError(input, 'repository',
      `repository path component '${bad}' in '${path}' is invalid; components are lowercase letters and digits, separated by '.', '_', '__' or '-' (not at either end)`);
  }
  if (registryHost.length + 1 + path.length > MAX_NAME_LENGTH) {
    throw new InvalidReferenceError(input, 'repository',
      `'${registryHost}/${path}' is ${registryHost.length + 1 + path.length} characters long; registries accept at most ${MAX_NAME_LENGTH}`);
  }
}

function checkTag(input: string, tag: string): void {
  if (isValidTag(tag)) return;
  const hint = tag.includes('+')
    ? `; Helm stores version '${tag}' under the tag '${tag.replace(/\+/g, '_')}'`
    : '';
  throw new InvalidReferenceError(input, 'tag',
    `tag '${tag}' is invalid; a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'${hint}`);
}

function checkDigest(input: string, digest: string): void {
  const match = DIGEST.exec(digest);
  const expected = match ? HEX_LENGTH[match[1]] : undefined;
  if (match && (expected === undefined || (match[2].length === expected && /^[0-9a-f]+$/.test(match[2])))) return;
  throw new InvalidReferenceError(input, 'digest', expected !== undefined
    ? `digest '${digest}' is invalid; a ${match![1]} digest is '${match![1]}:' followed by ${expected} lowercase hex digits`
    : `digest '${digest}' is invalid; a digest is '<algorithm>:<hex>', e.g. 'sha256:' followed by 64 lowercase hex digits`);
}

function formatParts(parts: OciReferenceParts): string {
  return `${parts.registryHost}/${parts.path}${parts.tag !== undefined ? `:${parts.tag}` : ''}${parts.digest !== undefined ? `@${parts.digest}` : ''}`;
}
