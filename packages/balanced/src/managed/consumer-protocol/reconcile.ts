/**
 * The next step towards a target assignment, KIP-848 style: partitions that must go are released
 * first (and that release acknowledged to the coordinator) before any new partition is taken, so
 * two members never hold a partition at once.
 */
export type ReconcileStep =
  /** Keep only `partitions` (the owned ones still in the target): the rest are revoked. */
  | { readonly kind: 'revoke'; readonly partitions: readonly number[] }
  /** Take the whole target: nothing is left to revoke, `added` are new. */
  | { readonly kind: 'assign'; readonly partitions: readonly number[]; readonly added: readonly number[] }
  | { readonly kind: 'none' };

/** What to do next with `owned` partitions given the coordinator's `target`. */
export function nextStep(owned: readonly number[], target: readonly number[]): ReconcileStep {
  const wanted = new Set(target);
  const kept = owned.filter((p) => wanted.has(p));
  if (kept.length < owned.length) return { kind: 'revoke', partitions: sorted(kept) };
  const held = new Set(owned);
  const added = target.filter((p) => !held.has(p));
  if (added.length > 0) return { kind: 'assign', partitions: sorted(target), added: sorted(added) };
  return { kind: 'none' };
}

function sorted(partitions: readonly number[]): number[] {
  return [...new Set(partitions)].sort((a, b) => a - b);
}
