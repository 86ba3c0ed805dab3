import { Construct } from 'constructs';
import { eagerApiObject } from './api-objects';
import { defaultName, defaultNamespace } from './defaults';
import { ImportedSecret, ISecretReference } from './secret-reference';
import { IssueList } from '../foundation/issues';
import { warnPlaintext } from '../foundation/warnings';
import { buildTlsSecret } from '../model/builders/secrets';
import { RegistryTlsSecretOptions, validateTlsSecret } from '../model/connection-secrets';
import { BOOLEAN, checkFields, FieldShapes, requireProps, SECRET_STRING, STRING } from '../model/shapes';

/** Props of a {@link RegistryTlsSecret}: the TLS options both front ends share (see `RegistryTlsSecretOptions`), plus `plaintext`. */
export interface RegistryTlsSecretProps extends RegistryTlsSecretOptions {
  /**
   * Allow writing `clientKey` into the synthesized Secret. A CA alone is not secret.
   * @default false
   */
  readonly plaintext?: boolean;
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

  /** Name of the Secret. */
  public readonly name: string;
  /** Namespace of the Secret. */
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
    validateTlsSecret({ ...props, name: this.name, namespace: this.namespace }, issues);
    if (props.clientKey !== undefined && !props.plaintext) {
      issues.add('clientKey', 'refusing to write a private key into the synthesized YAML without plaintext: true; or create the Secret in the cluster and use RegistryTlsSecret.fromSecretName()');
    }
    issues.throwIfAny();
    if (props.clientKey !== undefined) {
      warnPlaintext(`${this.node.path}: Secret '${this.name}' is written with a TLS client key (plaintext: true)`);
    }
    this.node.defaultChild = eagerApiObject(this, this, 'Resource', buildTlsSecret({ name: this.name, namespace: this.namespace }, props));
  }
}
