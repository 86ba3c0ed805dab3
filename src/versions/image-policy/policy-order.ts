import type { PolicerResult } from './policer';

/**
 * The `order` of an alphabetical or numerical ImagePolicy, once upper-cased
 * (fluxcd/image-reflector-controller `internal/policy/alphabetical.go` and
 * `numerical.go` @debe2aaa, `NewAlphabetical` / `NewNumerical`, which share
 * the check and its text).
 */
export type PolicyOrder = 'ASC' | 'DESC';

/**
 * `''` is `ASC`; `ASC` and `DESC` are themselves; anything else is Go's
 * `invalid order argument provided: '%s', must be one of: ASC, DESC`.
 */
export function readPolicyOrder(order: string): { readonly ok: true; readonly order: PolicyOrder } | Extract<PolicerResult, { ok: false }> {
  if (order === '') return { ok: true, order: 'ASC' };
  if (order === 'ASC' || order === 'DESC') return { ok: true, order };
  return { ok: false, reason: `invalid order argument provided: '${order}', must be one of: ASC, DESC` };
}
