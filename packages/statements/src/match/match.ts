import { addDays } from '@payout/calendar';
import { compareCounterparty } from './counterparty.ts';
import { lineRef, retainedLine, type KnownAttemptRef, type LineRef, type UnresolvedAttempt, type VerifyLine } from './match.model.ts';

export interface MatchOptions {
  /** Fallback matching: a debit booked from the send date up to this many days after it. Default 5. */
  readonly windowDays?: number;
}

/** What the statement says about one unresolved attempt. */
export type AttemptMatch =
  | {
      readonly kind: 'reference';
      readonly by: 'end_to_end_id' | 'uetr';
      /** Booked debits naming the attempt (more than one means the bank executed it more than once). */
      readonly bookedDebits: readonly VerifyLine[];
      readonly pendingDebits: readonly VerifyLine[];
      /** Credits naming the attempt with return information, or reversing its debit. */
      readonly returns: readonly VerifyLine[];
    }
  | { readonly kind: 'fallback'; readonly debit: VerifyLine }
  | {
      readonly kind: 'ambiguous';
      readonly candidates: readonly LineRef[];
      /** Other unresolved attempts competing for the same lines. */
      readonly competingAttemptIds: readonly string[];
    }
  | { readonly kind: 'none' };

/** Something ops must look at; verification never guesses these away. */
export type StatementException =
  | { readonly kind: 'unmatched_debit'; readonly line: LineRef }
  | { readonly kind: 'debit_for_failed_attempt'; readonly line: LineRef; readonly attemptId: string; readonly payoutId: string }
  | { readonly kind: 'duplicate_debit'; readonly line: LineRef; readonly attemptId: string; readonly payoutId: string }
  | {
      readonly kind: 'amount_mismatch';
      readonly line: LineRef;
      readonly attemptId: string;
      readonly payoutId: string;
      readonly expectedMinor: bigint;
    }
  | { readonly kind: 'unlinked_return'; readonly line: LineRef };

export type StatementExceptionKind = StatementException['kind'];

/** A return credit whose original attempt is already resolved (usually: succeeded days ago). */
export interface KnownReturn {
  readonly line: VerifyLine;
  readonly attempt: KnownAttemptRef;
}

export interface MatchStats {
  readonly lines: number;
  readonly bookedDebits: number;
  readonly referenceMatched: number;
  readonly fallbackMatched: number;
  readonly ambiguous: number;
  readonly knownDebits: number;
  readonly returns: number;
  readonly exceptions: number;
}

export interface MatchResult {
  readonly byAttempt: ReadonlyMap<string, AttemptMatch>;
  readonly knownReturns: readonly KnownReturn[];
  readonly exceptions: readonly StatementException[];
  /** Lines claimed by a fallback match or offered as ambiguous candidates (not exceptions). */
  readonly claimedLineIds: ReadonlySet<string>;
  readonly stats: MatchStats;
}

interface RefBucket {
  by: 'end_to_end_id' | 'uetr';
  bookedDebits: VerifyLine[];
  pendingDebits: VerifyLine[];
  returns: VerifyLine[];
}

/**
 * Matches statement lines to unresolved attempts, one line at a time, so a million-line
 * statement streams through it with memory proportional to the attempts and the few lines
 * that need a second look.
 *
 * 1. Reference: EndToEndId, then UETR. Exact; a line naming an attempt belongs to it.
 * 2. Fallback, only for attempts with no referenced debit: a booked debit with no reference to
 *    any known attempt, on the same funding account, same currency and amount, booked within
 *    the window after the send date, whose counterparty agrees. Used only when the pairing is
 *    unique both ways; otherwise every attempt involved is `ambiguous` with its candidates.
 * 3. Everything else that took money off the account is an exception for ops.
 *
 * @example
 *   const m = new StatementMatcher(unresolved, { windowDays: 5 });
 *   for (const line of lines) m.add(line);
 *   const { byAttempt, exceptions } = m.finish();
 */
export class StatementMatcher {
  private readonly attempts: readonly UnresolvedAttempt[];
  private readonly windowDays: number;
  private readonly byE2e = new Map<string, UnresolvedAttempt>();
  private readonly byUetr = new Map<string, UnresolvedAttempt>();
  /** account|currency|amount of attempts that may need fallback. */
  private readonly fallbackKeys = new Set<string>();
  private readonly refs = new Map<string, RefBucket>();
  private readonly pool = new Map<string, VerifyLine[]>();
  private readonly knownReturns: KnownReturn[] = [];
  private readonly exceptions: StatementException[] = [];
  private lines = 0;
  private bookedDebits = 0;
  private knownDebits = 0;
  private returns = 0;
  private finished = false;

  constructor(attempts: readonly UnresolvedAttempt[], options: MatchOptions = {}) {
    this.attempts = attempts;
    this.windowDays = options.windowDays ?? 5;
    for (const a of attempts) {
      this.byE2e.set(a.endToEndId, a);
      if (a.uetr !== undefined) this.byUetr.set(a.uetr.toLowerCase(), a);
      this.fallbackKeys.add(poolKey(a.debtorAccount, a.amount.currency, a.amount.amountMinor));
    }
  }

  add(line: VerifyLine): void {
    if (this.finished) throw new Error('StatementMatcher.add after finish');
    this.lines++;
    const booked = line.status === 'booked';
    const isDebit = line.direction === 'debit' && !line.reversal;
    if (booked && isDebit) this.bookedDebits++;
    const returning = line.direction === 'credit' && (line.isReturn || line.reversal);

    const ref = this.reference(line);
    if (ref !== undefined) {
      const bucket = this.bucket(ref.attempt.attemptId, ref.by);
      const lean = { counterparty: false };
      if (isDebit && booked) bucket.bookedDebits.push(retainedLine(line, lean));
      else if (isDebit && line.status === 'pending') bucket.pendingDebits.push(retainedLine(line, lean));
      else if (returning && booked) {
        bucket.returns.push(retainedLine(line, lean));
        this.returns++;
      }
      return;
    }
    if (line.knownAttempt !== undefined) {
      this.knownLine(line, line.knownAttempt, isDebit && booked, returning && booked);
      return;
    }
    if (returning && booked) {
      this.returns++;
      this.exceptions.push({ kind: 'unlinked_return', line: lineRef(line) });
      return;
    }
    if (!(isDebit && booked)) return;
    const key = poolKey(line.accountId, line.currency, line.amountMinor);
    if (!this.fallbackKeys.has(key)) {
      this.exceptions.push({ kind: 'unmatched_debit', line: lineRef(line) });
      return;
    }
    const kept = retainedLine(line);
    const list = this.pool.get(key);
    if (list === undefined) this.pool.set(key, [kept]);
    else list.push(kept);
  }

  finish(): MatchResult {
    this.finished = true;
    const byAttempt = new Map<string, AttemptMatch>();
    const needsFallback: UnresolvedAttempt[] = [];
    for (const a of this.attempts) {
      const bucket = this.refs.get(a.attemptId);
      if (bucket !== undefined) {
        byAttempt.set(a.attemptId, { kind: 'reference', ...bucket });
        this.referenceExceptions(a, bucket);
        if (bucket.bookedDebits.length > 0 || bucket.pendingDebits.length > 0) continue;
      }
      needsFallback.push(a);
    }

    // Candidate edges, both ways, for uniqueness.
    const candidatesOf = new Map<string, VerifyLine[]>();
    const attemptsOfLine = new Map<string, string[]>();
    for (const a of needsFallback) {
      const pool = this.pool.get(poolKey(a.debtorAccount, a.amount.currency, a.amount.amountMinor)) ?? [];
      const last = addDays(a.sentOn, this.windowDays);
      const found = pool.filter((l) => {
        const d = l.bookingDate ?? l.valueDate;
        if (d === undefined || d < a.sentOn || d > last) return false;
        return (
          compareCounterparty(
            { account: a.beneficiaryAccount, name: a.beneficiaryName },
            { account: l.counterpartyAccount, name: l.counterpartyName },
          ) === 'match'
        );
      });
      if (found.length === 0) continue;
      candidatesOf.set(a.attemptId, found);
      for (const l of found) {
        const list = attemptsOfLine.get(l.lineId);
        if (list === undefined) attemptsOfLine.set(l.lineId, [a.attemptId]);
        else list.push(a.attemptId);
      }
    }

    const claimed = new Set<string>();
    let fallbackMatched = 0;
    let ambiguous = 0;
    for (const a of needsFallback) {
      const found = candidatesOf.get(a.attemptId);
      if (found === undefined) {
        if (!byAttempt.has(a.attemptId)) byAttempt.set(a.attemptId, { kind: 'none' });
        continue;
      }
      const only = found.length === 1 ? found[0] : undefined;
      const rivals = new Set<string>();
      for (const l of found) for (const other of attemptsOfLine.get(l.lineId) ?? []) if (other !== a.attemptId) rivals.add(other);
      for (const l of found) claimed.add(l.lineId);
      const existing = byAttempt.get(a.attemptId);
      if (only !== undefined && rivals.size === 0) {
        fallbackMatched++;
        // A reference bucket with only returns/credits keeps its returns; the fallback debit is the execution evidence.
        byAttempt.set(
          a.attemptId,
          existing?.kind === 'reference' ? { ...existing, bookedDebits: [only] } : { kind: 'fallback', debit: only },
        );
      } else {
        ambiguous++;
        byAttempt.set(a.attemptId, { kind: 'ambiguous', candidates: found.map(lineRef), competingAttemptIds: [...rivals].sort() });
      }
    }
    for (const [, list] of this.pool) {
      for (const l of list) if (!claimed.has(l.lineId)) this.exceptions.push({ kind: 'unmatched_debit', line: lineRef(l) });
    }
    let referenceMatched = 0;
    for (const b of this.refs.values()) if (b.bookedDebits.length > 0) referenceMatched++;
    return {
      byAttempt,
      knownReturns: this.knownReturns,
      exceptions: this.exceptions,
      claimedLineIds: claimed,
      stats: {
        lines: this.lines,
        bookedDebits: this.bookedDebits,
        referenceMatched,
        fallbackMatched,
        ambiguous,
        knownDebits: this.knownDebits,
        returns: this.returns,
        exceptions: this.exceptions.length,
      },
    };
  }

  private reference(line: VerifyLine): { attempt: UnresolvedAttempt; by: 'end_to_end_id' | 'uetr' } | undefined {
    if (line.endToEndId !== undefined && this.byE2e.size > 0) {
      const a = this.byE2e.get(line.endToEndId);
      if (a !== undefined) return { attempt: a, by: 'end_to_end_id' };
    }
    // Most lines name a UETR while few unresolved attempts know theirs: no lower-casing and hashing for an empty map.
    if (line.uetr !== undefined && this.byUetr.size > 0) {
      const a = this.byUetr.get(line.uetr.toLowerCase());
      if (a !== undefined) return { attempt: a, by: 'uetr' };
    }
    return undefined;
  }

  private bucket(attemptId: string, by: 'end_to_end_id' | 'uetr'): RefBucket {
    let b = this.refs.get(attemptId);
    if (b === undefined) {
      b = { by, bookedDebits: [], pendingDebits: [], returns: [] };
      this.refs.set(attemptId, b);
    }
    return b;
  }

  private knownLine(line: VerifyLine, known: KnownAttemptRef, bookedDebit: boolean, bookedReturn: boolean): void {
    if (bookedReturn) {
      this.returns++;
      this.knownReturns.push({ line: retainedLine(line), attempt: known });
      return;
    }
    if (!bookedDebit) return;
    this.knownDebits++;
    if (known.attemptState === 'failed') {
      this.exceptions.push({ kind: 'debit_for_failed_attempt', line: lineRef(line), attemptId: known.attemptId, payoutId: known.payoutId });
    } else if (line.amountMinor !== known.amount.amountMinor || line.currency !== known.amount.currency) {
      this.exceptions.push({
        kind: 'amount_mismatch',
        line: lineRef(line),
        attemptId: known.attemptId,
        payoutId: known.payoutId,
        expectedMinor: known.amount.amountMinor,
      });
    }
  }

  private referenceExceptions(a: UnresolvedAttempt, bucket: RefBucket): void {
    for (const [i, l] of bucket.bookedDebits.entries()) {
      if (l.amountMinor !== a.amount.amountMinor || l.currency !== a.amount.currency) {
        this.exceptions.push({
          kind: 'amount_mismatch',
          line: lineRef(l),
          attemptId: a.attemptId,
          payoutId: a.payoutId,
          expectedMinor: a.amount.amountMinor,
        });
      } else if (i > 0) {
        this.exceptions.push({ kind: 'duplicate_debit', line: lineRef(l), attemptId: a.attemptId, payoutId: a.payoutId });
      }
    }
  }
}

function poolKey(account: string, currency: string, amountMinor: bigint): string {
  return `${account}|${currency}|${amountMinor}`;
}

/** Convenience for tests and small inputs. */
export function matchLines(attempts: readonly UnresolvedAttempt[], lines: Iterable<VerifyLine>, options: MatchOptions = {}): MatchResult {
  const m = new StatementMatcher(attempts, options);
  for (const l of lines) m.add(l);
  return m.finish();
}
