import type { StuckState } from './stuck-thresholds.ts';

/**
 * Which stuck payouts a list or a bulk action covers. Every field narrows; absent means "any".
 * Amounts are minor units (bigint) in `currency` when given, compared per payout currency otherwise.
 */
export interface StuckFilter {
  readonly states?: readonly StuckState[] | undefined;
  readonly bankIds?: readonly string[] | undefined;
  readonly clientIds?: readonly string[] | undefined;
  readonly currency?: string | undefined;
  readonly minAmountMinor?: bigint | undefined;
  readonly maxAmountMinor?: bigint | undefined;
  /** Overrides the per-state thresholds: in the state for at least this long. */
  readonly minAgeMs?: number | undefined;
  /** Entered the state at or after this instant ("since 09:00"). */
  readonly enteredAfter?: Date | undefined;
  /** Entered the state before this instant. */
  readonly enteredBefore?: Date | undefined;
}

/** A canonical, JSON-safe form of a filter: what a bulk preview stores and shows. */
export function filterToJson(f: StuckFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.states !== undefined) out['states'] = [...f.states].sort();
  if (f.bankIds !== undefined) out['bankIds'] = [...f.bankIds].sort();
  if (f.clientIds !== undefined) out['clientIds'] = [...f.clientIds].sort();
  if (f.currency !== undefined) out['currency'] = f.currency;
  if (f.minAmountMinor !== undefined) out['minAmountMinor'] = f.minAmountMinor.toString();
  if (f.maxAmountMinor !== undefined) out['maxAmountMinor'] = f.maxAmountMinor.toString();
  if (f.minAgeMs !== undefined) out['minAgeMs'] = f.minAgeMs;
  if (f.enteredAfter !== undefined) out['enteredAfter'] = f.enteredAfter.toISOString();
  if (f.enteredBefore !== undefined) out['enteredBefore'] = f.enteredBefore.toISOString();
  return out;
}
