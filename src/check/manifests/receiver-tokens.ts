/**
 * A Receiver's Secret must hold a `token`: notification-controller derives
 * the webhook's path from it, and without one marks the Receiver not ready
 * ("invalid '<namespace>/<name>' secret data: required fields 'token'") and
 * serves no webhook (fluxcd/notification-controller v1.9.3:
 * internal/controller/receiver_controller.go `token`). Judged where the
 * Secret is in the files with its keys (plain or SOPS-encrypted: SOPS keeps
 * the keys readable); one an ExternalSecret, a SealedSecret or a
 * secretGenerator makes is not a target here, so it is not judged.
 */
import type { Finding } from './finding';
import { dataKeysOf, describeObject, identityOf } from './object-index';
import type { ObjectReference } from './references';
import { pointerAsField } from '../../foundation/json-pointer';

export function receiverTokenFindings(references: readonly ObjectReference[]): Finding[] {
  return references.flatMap(({ from, pointer, target }): Finding[] => {
    if (from.kind !== 'Receiver' || pointer !== '/spec/secretRef' || target === undefined || dataKeysOf(target).includes('token')) return [];
    return [{
      rule: 'reference',
      severity: 'error',
      location: from.locate(pointer),
      object: identityOf(from),
      pointer,
      message: `${describeObject(from)} ${pointerAsField(pointer)} names ${describeObject(target)} at ${target.location.file}:${target.location.line}, which has no token key: `
        + `notification-controller marks the Receiver not ready ("invalid '${target.namespace ?? from.appliedNamespace}/${target.name}' secret data: required fields 'token'") `
        + 'and serves no webhook for it; put the webhook token under data.token or stringData.token',
    }];
  });
}
