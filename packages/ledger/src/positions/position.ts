import { PayoutError } from '@payout/domain';
import { positionKey, type AccountKind } from '../accounts/ledger-account.ts';
import type { Posting } from '../postings/posting.ts';

/**
 * A funding account's liquidity in one currency, derived from the ledger alone.
 *
 *   confirmedMinor  = the bank balance as statements have shown it
 *                   = available + reserved + unknown exposure + settled awaiting statement
 *   availableMinor  = confirmed − reserved − unknown exposure − settled awaiting statement
 *
 * "Settled awaiting statement" is subtracted too: the bank said those payouts executed, so
 * the money is gone even though no statement has shown the debit yet. Funding in transit and
 * returns in transit are shown but never counted as available: money counts once a statement
 * shows it arriving.
 */
export interface Position {
  readonly fundingAccountId: string;
  readonly currency: string;
  readonly confirmedMinor: bigint;
  readonly availableMinor: bigint;
  readonly reservedMinor: bigint;
  readonly unknownExposureMinor: bigint;
  readonly settledAwaitingStatementMinor: bigint;
  readonly fundingInTransitMinor: bigint;
  readonly returnsInTransitMinor: bigint;
  /** Latest effective time among the postings, ISO; undefined for an empty ledger. */
  readonly asOf: string | undefined;
}

/** An empty position (an account the ledger has never seen). */
export function emptyPosition(fundingAccountId: string, currency: string): Position {
  return Object.freeze({
    fundingAccountId,
    currency,
    confirmedMinor: 0n,
    availableMinor: 0n,
    reservedMinor: 0n,
    unknownExposureMinor: 0n,
    settledAwaitingStatementMinor: 0n,
    fundingInTransitMinor: 0n,
    returnsInTransitMinor: 0n,
    asOf: undefined,
  });
}

/** Positions of every (funding account, currency) the postings touch, sorted by key. */
export function computePositions(postings: Iterable<Posting>): Position[] {
  const acc = new Map<string, { fundingAccountId: string; currency: string; kinds: Map<AccountKind, bigint>; asOf: string | undefined }>();
  for (const p of postings) {
    for (const e of p.entries) {
      const key = positionKey(e.account.fundingAccountId, e.currency);
      let a = acc.get(key);
      if (a === undefined) {
        a = { fundingAccountId: e.account.fundingAccountId, currency: e.currency, kinds: new Map(), asOf: undefined };
        acc.set(key, a);
      }
      a.kinds.set(e.account.kind, (a.kinds.get(e.account.kind) ?? 0n) + e.amountMinor);
      if (a.asOf === undefined || p.effectiveAt > a.asOf) a.asOf = p.effectiveAt;
    }
  }
  return positionsFromKindBalances(acc);
}

/** The position of one account and currency (empty when the postings never touch it). */
export function computePosition(postings: Iterable<Posting>, fundingAccountId: string, currency: string): Position {
  return (
    computePositions(postings).find((p) => p.fundingAccountId === fundingAccountId && p.currency === currency) ??
    emptyPosition(fundingAccountId, currency)
  );
}

/** Finds a position in a list; throws PAYOUT_E_NOT_FOUND naming the account when absent. */
export function requirePosition(positions: readonly Position[], fundingAccountId: string, currency: string): Position {
  const p = positions.find((x) => x.fundingAccountId === fundingAccountId && x.currency === currency);
  if (p === undefined) {
    throw new PayoutError('PAYOUT_E_NOT_FOUND', `no position for funding account ${fundingAccountId} in ${currency}`, {
      fundingAccountId,
      currency,
    });
  }
  return p;
}

/** Balances per account kind for one funding account and currency. */
export interface KindBalances {
  readonly fundingAccountId: string;
  readonly currency: string;
  readonly kinds: ReadonlyMap<AccountKind, bigint>;
  readonly asOf: string | undefined;
}

/**
 * The one place the position formula lives: from balances per account kind to positions,
 * sorted by position key. Used by computePositions (postings in memory) and by the Postgres
 * store's loadPositions (sums from SQL), so the two can never disagree on the formula.
 */
export function positionsFromKindBalances(groups: ReadonlyMap<string, KindBalances>): Position[] {
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, a]) => {
      const k = (kind: AccountKind): bigint => a.kinds.get(kind) ?? 0n;
      const available = k('cash_available');
      const reserved = k('cash_reserved');
      const unknown = k('cash_unknown_exposure');
      const settled = k('cash_settled_unconfirmed');
      return Object.freeze({
        fundingAccountId: a.fundingAccountId,
        currency: a.currency,
        confirmedMinor: available + reserved + unknown + settled,
        availableMinor: available,
        reservedMinor: reserved,
        unknownExposureMinor: unknown,
        settledAwaitingStatementMinor: settled,
        fundingInTransitMinor: k('funding_in_transit'),
        returnsInTransitMinor: k('returns_in_transit'),
        asOf: a.asOf,
      });
    });
}
