import { Construct } from 'constructs';
import { eagerApiObject } from './api-objects';
import { defaultName, defaultNamespace } from './defaults';
import { ImportedSecret, ISecretReference } from './secret-reference';
import { IssueList } from '../foundation/issues';
import { warnPlaintext } from '../foundation/warnings';
import { buildTlsSecret } from '../model/builders/secrets';
import { checkDnsLabel, checkDnsSubdomain } from '../model/field-checks';
import { BOOLEAN, checkFields, FieldShapes, requireProps, SECRET_STRING, STRING } from '../model/shapes';

export interface RegistryTlsSecretProps {
  /**
   * PEM CA bundle Flux trusts for the registry (a private or self-signed CA).
   * @default - only the system roots
   */
  readonly caCert?: string;
  /**
   * PEM client certificate for mutual TLS; needs `clientKey`.
   * @default - no client certificate
   */
  readonly clientCert?: string;
  /**
   * PEM client key for mutual TLS; written only with `plaintext: true`.
   * @default - no client key
   */
  readonly clientKey?: string;
  /**
   * Allow writing `clientKey` into the synthesized Secret. A CA alone is not secret.
   * @default false
   */
  readonly plaintext?: boolean;
  /** @default - the construct id as a DNS-1123 label */
  readonly name?: string;
  /** @default - the Chart's namespace */
  readonly namespace?: string;
}

const TLS_SECRET_SHAPES: FieldShapes<RegistryTlsSecretProps> = {
  caCert: STRING, clientCert: STRING, clientKey: SECRET_STRING, plaintext: BOOLEAN, name: STRING, namespace: STRING,
};

/**
 * TLS settings for a registry (`certSecretRef`): `ca.crt`, and `tls.crt` +
 * `tls.key` for mutual TLS, as Flux reads them.
 */
export class RegistryTlsSecret extends Construct implements ISecretReference {
  /** An existing Secret with `ca.crt` and/or `tls.crt`/`tls.key`. */
  public static fromSecretName(scope: Construct, id: string, name: string, namespace?: string): ISecretReference {
    return new ImportedSecret(scope, id, name, namespace);
  }

  public readonly name: string;
  public readonly namespace?: string;
  /** The CA bundle (public); synth-time registry checks trust it too. */
  public readonly caCert?: string;

  constructor(scope: Construct, id: string, props: RegistryTlsSecretProps) {
    super(scope, id);
    requireProps(this.node.path, props, '{ caCert }');
    const issues = new IssueList(this.node.path);
    if (!checkFields(issues, props, TLS_SECRET_SHAPES)) issues.throwIfAny();
    this.caCert = props.caCert;
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);
    checkDnsSubdomain(issues, 'name', this.name);
    checkDnsLabel(issues, 'namespace', this.namespace);
    if (!props.caCert && !props.clientCert) issues.add('caCert', 'set caCert, or clientCert with clientKey; an empty TLS Secret changes nothing');
    if ((props.clientCert === undefined) !== (props.clientKey === undefined)) {
      issues.add(props.clientCert ? 'clientKey' : 'clientCert', 'mutual TLS needs both clientCert and clientKey');
    }
    if (props.clientKey !== undefined && !props.plaintext) {
      issues.add('clientKey', 'refusing to write a private key into the synthesized YAML without plaintext: true; or create the Secret in the cluster and use RegistryTlsSecret.fromSecretName()');
    }
    for (const field of ['caCert', 'clientCert'] as const) {
      const pem = props[field];
      if (pem !== undefined && !/-----BEGIN CERTIFICATE-----/.test(pem)) issues.add(field, 'expected a PEM certificate (-----BEGIN CERTIFICATE-----)');
    }
    issues.throwIfAny();
    if (props.clientKey !== undefined) {
      warnPlaintext(`${this.node.path}: Secret '${this.name}' is written with a TLS client key (plaintext: true)`);
    }
    this.node.defaultChild = eagerApiObject(this, this, 'Resource', buildTlsSecret({ name: this.name, namespace: this.namespace }, props));
  }
}
