import { Construct } from 'constructs';
import { eagerApiObject } from './api-objects';
import { defaultName, defaultNamespace } from './defaults';
import { ImportedSecret, ISecretReference } from './secret-reference';
import { IssueList } from '../foundation/issues';
import { warnPlaintext } from '../foundation/warnings';
import { buildProxySecret } from '../model/builders/secrets';
import { RegistryProxySecretOptions, validateProxySecret } from '../model/connection-secrets';
import { BOOLEAN, checkFields, FieldShapes, required, requireProps, SECRET_STRING, STRING } from '../model/shapes';

/** Props of a {@link RegistryProxySecret}: the proxy options both front ends share (see `RegistryProxySecretOptions`), plus `plaintext`. */
export interface RegistryProxySecretProps extends RegistryProxySecretOptions {
  /**
   * Allow writing `password` into the synthesized Secret.
   * @default false
   */
  readonly plaintext?: boolean;
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

  /** Name of the Secret. */
  public readonly name: string;
  /** Namespace of the Secret. */
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, props: RegistryProxySecretProps) {
    super(scope, id);
    requireProps(this.node.path, props, '{ address }');
    const issues = new IssueList(this.node.path);
    if (!checkFields(issues, props, PROXY_SECRET_SHAPES)) issues.throwIfAny();
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);
    validateProxySecret({ ...props, name: this.name, namespace: this.namespace }, issues);
    if (props.password !== undefined && !props.plaintext) {
      issues.add('password', 'refusing to write the proxy password into the synthesized YAML without plaintext: true; or create the Secret in the cluster and use RegistryProxySecret.fromSecretName()');
    }
    issues.throwIfAny();
    if (props.password !== undefined) warnPlaintext(`${this.node.path}: Secret '${this.name}' is written with a proxy password (plaintext: true)`);
    this.node.defaultChild = eagerApiObject(this, this, 'Resource', buildProxySecret({ name: this.name, namespace: this.namespace }, props));
  }
}
