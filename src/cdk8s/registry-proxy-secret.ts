import { Construct } from 'constructs';
import { eagerApiObject } from './api-objects';
import { defaultName, defaultNamespace } from './defaults';
import { ImportedSecret, ISecretReference } from './secret-reference';
import { IssueList } from '../foundation/issues';
import { warnPlaintext } from '../foundation/warnings';
import { buildProxySecret } from '../model/builders/secrets';
import { checkDnsLabel, checkDnsSubdomain, checkString } from '../model/field-checks';
import { BOOLEAN, checkFields, FieldShapes, required, requireProps, SECRET_STRING, STRING } from '../model/shapes';

export interface RegistryProxySecretProps {
  /** Proxy URL: `http://`, `https://` or `socks5://` host and port, without credentials. */
  readonly address: string;
  /** @default - no proxy authentication */
  readonly username?: string;
  /** Written only with `plaintext: true`. @default - no proxy authentication */
  readonly password?: string;
  /** Allow writing `password` into the synthesized Secret. @default false */
  readonly plaintext?: boolean;
  /** @default - the construct id as a DNS-1123 label */
  readonly name?: string;
  /** @default - the Chart's namespace */
  readonly namespace?: string;
}

const PROXY_SECRET_SHAPES: FieldShapes<RegistryProxySecretProps> = {
  address: required(STRING), username: SECRET_STRING, password: SECRET_STRING, plaintext: BOOLEAN, name: STRING, namespace: STRING,
};

/** Proxy settings for an OCIRepository (`proxySecretRef`): `address`, `username`, `password`. */
export class RegistryProxySecret extends Construct implements ISecretReference {
  /** An existing Secret with `address` (and optional `username`/`password`). */
  public static fromSecretName(scope: Construct, id: string, name: string, namespace?: string): ISecretReference {
    return new ImportedSecret(scope, id, name, namespace);
  }

  public readonly name: string;
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, props: RegistryProxySecretProps) {
    super(scope, id);
    requireProps(this.node.path, props, '{ address }');
    const issues = new IssueList(this.node.path);
    if (!checkFields(issues, props, PROXY_SECRET_SHAPES)) issues.throwIfAny();
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);
    checkDnsSubdomain(issues, 'name', this.name);
    checkDnsLabel(issues, 'namespace', this.namespace);
    if (checkString(issues, 'address', props.address, { min: 1, max: 2048 })) {
      let url: URL | undefined;
      try {
        url = new URL(props.address);
      } catch {
        issues.add('address', `'${props.address.replace(/^([a-z0-9+.-]*:\/\/)?[^@/]*@/i, '$1<redacted>@')}' is not a URL; use e.g. 'http://proxy.internal:3128'`);
      }
      if (url && !['http:', 'https:', 'socks5:'].includes(url.protocol)) issues.add('address', `scheme '${url.protocol}' is not supported by Flux; use http, https or socks5`);
      if (url && (url.username || url.password)) issues.add('address', 'put proxy credentials in username/password, not in the address');
    }
    if (props.password !== undefined && !props.plaintext) {
      issues.add('password', 'refusing to write the proxy password into the synthesized YAML without plaintext: true; or create the Secret in the cluster and use RegistryProxySecret.fromSecretName()');
    }
    if ((props.username === undefined) !== (props.password === undefined)) issues.add(props.username ? 'password' : 'username', 'proxy authentication needs both username and password');
    issues.throwIfAny();
    if (props.password !== undefined) warnPlaintext(`${this.node.path}: Secret '${this.name}' is written with a proxy password (plaintext: true)`);
    this.node.defaultChild = eagerApiObject(this, this, 'Resource', buildProxySecret({ name: this.name, namespace: this.namespace }, props));
  }
}
