/** Outcome of asking a transition table for a move; a refused move is expected, not thrown. */
export type TransitionResult<S extends string> =
  { readonly ok: true; readonly to: S } | { readonly ok: false; readonly code: 'PAYOUT_E_INVALID_TRANSITION'; readonly message: string };

/** Shared lookup: unknown `from`/`to` strings (e.g. from a database row) are refused, never thrown. */
export function lookupTransition<S extends string>(
  machine: string,
  table: Readonly<Record<S, readonly S[]>>,
  from: S,
  to: S,
): TransitionResult<S> {
  const allowed: readonly S[] | undefined = Object.hasOwn(table, from) ? table[from] : undefined;
  if (allowed === undefined) {
    return { ok: false, code: 'PAYOUT_E_INVALID_TRANSITION', message: `${machine}: unknown state ${JSON.stringify(from)}` };
  }
  if (!allowed.includes(to)) {
    const options = allowed.length === 0 ? 'it is final' : `allowed: ${allowed.join(', ')}`;
    return {
      ok: false,
      code: 'PAYOUT_E_INVALID_TRANSITION',
      message: `${machine}: ${String(from)} → ${String(to)} is not allowed (${options})`,
    };
  }
  return { ok: true, to };
}
