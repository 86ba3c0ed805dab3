import { Construct, IConstruct } from 'constructs';
import { IssueList } from '../foundation/issues';
import { checkDnsLabel, checkDnsSubdomain } from '../model/field-checks';

/** A Secret in the cluster, by name, that a source refers to. */
export interface ISecretReference extends IConstruct {
  /** Name of the Secret. */
  readonly name: string;
  /** Namespace of the Secret; undefined when it follows the referrer's. */
  readonly namespace?: string;
}

/**
 * An existing Secret, imported by name: nothing is written for it.
 * @internal
 */
export class ImportedSecret extends Construct implements ISecretReference {
  constructor(scope: Construct, id: string, public readonly name: string, public readonly namespace?: string) {
    super(scope, id);
    const issues = new IssueList(this.node.path);
    checkDnsSubdomain(issues, 'name', name);
    checkDnsLabel(issues, 'namespace', namespace);
    issues.throwIfAny();
  }
}
