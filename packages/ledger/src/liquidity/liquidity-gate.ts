import { PayoutError, currencyExponent, formatAmountMinor, type Money } from '@payout/domain';
import { positionKey } from '../accounts/ledger-account.ts';
import type { Position } from '../positions/position.ts';

export interface GateCandidate {
  readonly payoutId: string;
  readonly fundingAccountId: string;
  readonly amount: Money;
  /** ISO instant the payout was accepted; the gate serves oldest first. */
  readonly acceptedAt: string;
}

/**
 * strict_order: once a payout of an account cannot be covered, every later one of that account
 *   waits too, so a large payout is never starved by a stream of small ones behind it.
 * first_fit: later, smaller payouts may still pass (more throughput, weaker fairness).
 */
export type GatePolicy = 'strict_order' | 'first_fit';

export interface GateOptions {
  readonly policy?: GatePolicy;
  /** What to do with a payout that cannot be covered; the default holds it (never fails for lack of funds). */
  readonly onShortfall?: 'hold' | 'fail';
  /** When funds can next arrive for an account (see nextFundingOpportunity); undefined if unknown. */
  readonly expectedFundingAt?: (fundingAccountId: string) => Date | undefined;
}

export type GateDecision =
  | {
      readonly kind: 'cover';
      readonly payoutId: string;
      readonly fundingAccountId: string;
      readonly amountMinor: bigint;
      readonly currency: string;
      readonly availableAfterMinor: bigint;
    }
  | {
      readonly kind: 'hold' | 'fail';
      readonly payoutId: string;
      readonly fundingAccountId: string;
      readonly amountMinor: bigint;
      readonly currency: string;
      readonly reason: 'insufficient_funds' | 'behind_uncovered_payout';
      /** How much more the account needs before this payout (and those ahead of it) can go. */
      readonly shortfallMinor: bigint;
      /** ISO instant funds are expected at the earliest; undefined when nobody said. */
      readonly expectedFundingAt: string | undefined;
      readonly message: string;
    };

export interface GateResult {
  /** One decision per candidate, oldest first (the order they were considered in). */
  readonly decisions: readonly GateDecision[];
  readonly covered: readonly string[];
  readonly held: readonly string[];
  readonly failed: readonly string[];
}

/**
 * Decides which candidate payouts the accounts' available balances cover, oldest first
 * (acceptedAt, then payout id, so the order is stable). Covered payouts should be reserved
 * (`submitted` event) before anything else reads the position again. The rest wait as held,
 * with the reason and the moment funding is expected; they fail only when `onShortfall` is
 * 'fail'. An account with no position has nothing available.
 *
 * @example
 *   const r = decideLiquidity(positions, batch, { expectedFundingAt: (id) => nextFundingOpportunity(accounts.get(id)!, now) });
 *   r.held // → payout ids to park as `held`
 */
export function decideLiquidity(
  positions: readonly Position[],
  candidates: readonly GateCandidate[],
  options: GateOptions = {},
): GateResult {
  const policy = options.policy ?? 'strict_order';
  const onShortfall = options.onShortfall ?? 'hold';
  const remaining = new Map<string, bigint>();
  for (const p of positions) remaining.set(positionKey(p.fundingAccountId, p.currency), p.availableMinor);
  // Per account: the sum of the uncovered payouts considered so far (they keep their place in line).
  const waiting = new Map<string, bigint>();

  const ordered = [...candidates].sort((a, b) =>
    a.acceptedAt !== b.acceptedAt ? (a.acceptedAt < b.acceptedAt ? -1 : 1) : a.payoutId < b.payoutId ? -1 : a.payoutId > b.payoutId ? 1 : 0,
  );
  const seen = new Set<string>();
  const decisions: GateDecision[] = [];
  for (const c of ordered) {
    check(c, seen);
    const key = positionKey(c.fundingAccountId, c.amount.currency);
    const available = remaining.get(key) ?? 0n;
    const ahead = waiting.get(key) ?? 0n;
    const amount = c.amount.amountMinor;
    const fits = amount <= available;
    if (fits && (ahead === 0n || policy === 'first_fit')) {
      remaining.set(key, available - amount);
      decisions.push({
        kind: 'cover',
        payoutId: c.payoutId,
        fundingAccountId: c.fundingAccountId,
        amountMinor: amount,
        currency: c.amount.currency,
        availableAfterMinor: available - amount,
      });
      continue;
    }
    waiting.set(key, ahead + amount);
    const expected = options.expectedFundingAt?.(c.fundingAccountId);
    const reason = fits ? ('behind_uncovered_payout' as const) : ('insufficient_funds' as const);
    decisions.push({
      kind: onShortfall,
      payoutId: c.payoutId,
      fundingAccountId: c.fundingAccountId,
      amountMinor: amount,
      currency: c.amount.currency,
      reason,
      // Funding this much releases this payout and every uncovered one ahead of it.
      shortfallMinor: ahead + amount - available,
      expectedFundingAt: expected?.toISOString(),
      message:
        `funding account ${c.fundingAccountId} cannot cover ${formatAmountMinor(amount, c.amount.currency)} ${c.amount.currency} now` +
        (fits
          ? ' (older payouts of the account are waiting for funds)'
          : ` (available ${formatAmountMinor(available, c.amount.currency)})`) +
        (expected === undefined ? '' : `; funds expected from ${expected.toISOString()}`),
    });
  }
  return {
    decisions,
    covered: decisions.filter((d) => d.kind === 'cover').map((d) => d.payoutId),
    held: decisions.filter((d) => d.kind === 'hold').map((d) => d.payoutId),
    failed: decisions.filter((d) => d.kind === 'fail').map((d) => d.payoutId),
  };
}

function check(c: GateCandidate, seen: Set<string>): void {
  if (seen.has(c.payoutId))
    throw new PayoutError('PAYOUT_E_VALIDATION', `payout ${c.payoutId} appears twice in one gate batch`, { payoutId: c.payoutId });
  seen.add(c.payoutId);
  currencyExponent(c.amount.currency);
  if (typeof c.amount.amountMinor !== 'bigint' || c.amount.amountMinor <= 0n) {
    throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', `payout ${c.payoutId}: the amount must be a positive bigint`, {
      payoutId: c.payoutId,
    });
  }
}
