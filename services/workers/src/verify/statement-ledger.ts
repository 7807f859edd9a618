import { createHash } from 'node:crypto';
import {
  compareStatements,
  fundingCreditLines,
  loadStatements,
  lockPayoutsForVerification,
  statementLedgerLines,
  type FundingCreditLine,
  type StoredStatementRecord,
} from '@payout/db';
import { maskAccount } from '@payout/domain';
import { fundingAccountOfChannel, type FundingLedgerEvent, type PayoutLedgerEvent, type StatementBalanceFact } from '@payout/ledger';
import { statementLedgerEvent } from '@payout/lifecycle';
import {
  appendLifecyclePostings,
  lockFundingAccounts,
  pendingFundingTransfers,
  recordStatementsInLedger,
  type FundingTransfer,
  type StatementIntakeOutcome,
} from '@payout/db/ledger';
import { bookLifecycleLedger } from '../ledger/book-lifecycle-ledger.ts';
import type { VerifyChannel, VerifyDeps } from './verify-deps.ts';

/** Lines read (and payouts locked) per transaction: bounded, so a huge statement never becomes one huge transaction. */
const PAGE = 2_000;

export interface StatementLedgerReport {
  /** Debits booked as seen for attempts already resolved (succeeded, or failed although the money left). */
  readonly debitsSeen: number;
  /** Incoming credits booked as the arrival of a funding transfer recorded as sent (`funding_seen`). */
  readonly fundingSeen: number;
  /** Credits whose reference names a transfer in transit but whose amount or currency differs: not booked (logged; the drift report shows them). */
  readonly fundingMismatched: number;
  /** Statement facts the ledger would not take (logged; the drift report shows them). */
  readonly refused: number;
  readonly balances: readonly StatementIntakeOutcome[];
}

/**
 * The ledger side of the statements a verification pass is about to mark matched, before it
 * does (a crash leaves them unmatched, and the next pass books them again — every step here is
 * idempotent):
 *  1. every booked debit naming an attempt that is already resolved — the bank said succeeded
 *     (or failed, though the money left) — becomes `debit_seen` with the line's booking date:
 *     the statement confirms the money left. Attempts this pass resolves get theirs with their
 *     decision (applyVerification), in the transaction that changes their state;
 *  2. every booked incoming credit that is no return and names no payout, whose reference
 *     (end-to-end id or customer reference) is a funding transfer recorded as sent to this
 *     channel's funding account and not yet seen, with its amount and currency, becomes
 *     `funding_seen` with the line's booking date: only now is that money available. Credits
 *     that match no transfer are not booked — the drift report shows them to ops;
 *  3. each statement's closing balance is recorded for the drift report, and the account's
 *     first statement brings its opening balance into the ledger.
 * Only statements of the channel's own account count: its funding account is the channel's.
 */
export async function bookStatementsInLedger(
  deps: VerifyDeps,
  channel: VerifyChannel,
  statements: readonly StoredStatementRecord[],
  now: Date,
): Promise<StatementLedgerReport> {
  const mine = statements
    .filter((s) => s.bankId === channel.bankId && s.accountId === channel.account.accountNumber)
    .sort(compareStatements);
  if (mine.length === 0) return { debitsSeen: 0, fundingSeen: 0, fundingMismatched: 0, refused: 0, balances: [] };
  const log = deps.logger.child({ role: 'verify', bankId: channel.bankId, account: maskAccount(channel.account.accountNumber) });
  let debitsSeen = 0;
  let refused = 0;
  for (const s of mine) {
    for (let after = -1; ;) {
      const page = await statementLedgerLines(deps.db, { statementRowId: s.id, afterLineIndex: after, limit: PAGE });
      const debits = page.filter((l) => l.kind === 'debit');
      if (debits.length > 0) {
        const r = await deps.db.transaction().execute(async (tx) => {
          const fresh = new Map(
            (await lockPayoutsForVerification(tx, [...new Set(debits.map((l) => l.payoutId))])).map((p) => [p.payout.id, p]),
          );
          const events: PayoutLedgerEvent[] = [];
          for (const l of debits) {
            const p = fresh.get(l.payoutId);
            const a = p?.attempts.find((x) => x.id === l.attemptId);
            // Unresolved attempts are decided (and their debit booked) by this pass's resolution; a
            // line whose amount is not the payout's is an exception for ops, never booked as its debit.
            if (p === undefined || a === undefined || (a.state !== 'succeeded' && a.state !== 'failed') || a.channelId !== channel.bankId)
              continue;
            if (l.currency !== p.payout.currency || l.amountMinor !== p.payout.amountMinor) continue;
            events.push(
              statementLedgerEvent('debit_seen', { payout: p.payout, attempt: a }, l, l.bookingDate ?? l.valueDate ?? s.statementDate, now),
            );
          }
          return bookLifecycleLedger(tx, [], events);
        });
        debitsSeen += r.appended;
        refused += r.refused.length;
        for (const x of r.refused)
          log.warn(
            { payoutId: x.event.payoutId, attempt: x.event.attempt, event: x.event.type, code: x.code, err: x.message },
            'the ledger refused a statement debit',
          );
      }
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE) break;
      after = last.lineIndex;
    }
  }

  const funding = await bookFundingCredits(deps, channel, mine, now, log);
  refused += funding.refused;

  const balances = await recordStatementsInLedger(deps.db, await balanceFacts(deps, channel, mine), now);
  for (const b of balances) {
    if (b.kind === 'refused')
      log.warn({ statementId: b.fact.statementId, code: b.code, err: b.message }, 'statement balance not recorded in the ledger');
    else if (b.kind === 'recorded' && b.opening === 'missing')
      log.warn(
        { statementId: b.fact.statementId },
        'first statement of the account carries no opening balance: positions start without it',
      );
    else if (b.kind === 'recorded' && b.opening === 'booked')
      log.info(
        { statementId: b.fact.statementId, openingMinor: b.fact.openingMinor?.toString() },
        'opening balance brought into the ledger',
      );
  }
  return { debitsSeen, fundingSeen: funding.seen, fundingMismatched: funding.mismatched, refused, balances };
}

/**
 * Step 2: the arrivals of funding transfers. Per page of candidate credits, one read of the
 * transfers their references name, then — under the funding account's lock, so two passes
 * cannot both decide on the same transfer — one booking. Posting ids are the transfer's, so a
 * replayed pass books nothing new.
 */
async function bookFundingCredits(
  deps: VerifyDeps,
  channel: VerifyChannel,
  mine: readonly StoredStatementRecord[],
  now: Date,
  log: VerifyDeps['logger'],
): Promise<{ seen: number; mismatched: number; refused: number }> {
  const fundingAccountId = fundingAccountOfChannel(channel.bankId);
  let seen = 0;
  let mismatched = 0;
  let refused = 0;
  for (const s of mine) {
    for (let after = -1; ;) {
      const page = await fundingCreditLines(deps.db, { statementRowId: s.id, afterLineIndex: after, limit: PAGE });
      if (page.length > 0) {
        const r = await deps.db.transaction().execute(async (tx) => {
          await lockFundingAccounts(tx, [fundingAccountId]);
          const pending = await pendingFundingTransfers(tx, { fundingAccountId, transferIds: page.flatMap(referencesOf) });
          const m = matchFundingCredits(page, pending, s.statementDate);
          const events: FundingLedgerEvent[] = m.seen.map(({ transfer, bookingDate }) => ({
            type: 'funding_seen',
            transferId: transfer.transferId,
            fundingAccountId,
            sourceAccountId: transfer.sourceAccountId,
            amount: transfer.amount,
            at: now,
            bookingDate,
          }));
          const booked = await appendLifecyclePostings(tx, events, { onRefused: 'report' });
          return { m, booked };
        });
        seen += r.booked.appended.length;
        mismatched += r.m.mismatched.length;
        for (const x of r.m.mismatched) {
          log.warn(
            {
              transferId: x.transfer.transferId,
              lineId: x.line.lineId,
              lineMinor: x.line.amountMinor.toString(),
              lineCurrency: x.line.currency,
              sentMinor: x.transfer.amount.amountMinor.toString(),
              sentCurrency: x.transfer.amount.currency,
            },
            'a statement credit names a funding transfer in transit but not its amount: not booked',
          );
        }
        r.booked.outcomes.forEach((o, i) => {
          if (o.kind !== 'refused') return;
          refused += 1;
          log.warn({ transferId: r.m.seen[i]?.transfer.transferId, code: o.code, err: o.message }, 'the ledger refused a funding credit');
        });
        for (const x of r.m.seen)
          log.info(
            { transferId: x.transfer.transferId, amountMinor: x.transfer.amount.amountMinor.toString(), bookingDate: x.bookingDate },
            'funding transfer seen on the statement',
          );
      }
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE) break;
      after = last.lineIndex;
    }
  }
  return { seen, mismatched, refused };
}

function referencesOf(l: FundingCreditLine): string[] {
  return [l.endToEndId, l.customerReference].filter((r): r is string => r !== null);
}

export interface FundingCreditMatch {
  /** Credits that are the arrival of a transfer in transit, with the booking date to book them on. */
  readonly seen: readonly { readonly line: FundingCreditLine; readonly transfer: FundingTransfer; readonly bookingDate: string }[];
  /** Credits whose reference names a transfer in transit whose amount or currency is another. */
  readonly mismatched: readonly { readonly line: FundingCreditLine; readonly transfer: FundingTransfer }[];
}

/**
 * Pairs incoming credits with funding transfers in transit: a credit is a transfer's arrival
 * when its end-to-end id or customer reference IS the transfer's reference and amount and
 * currency are equal. Each transfer arrives once (the first such credit, in line order); a
 * reference with another amount is reported, never booked — a partial or foreign credit is for
 * ops to explain, not for the gate to spend.
 *
 * @example matchFundingCredits([creditLine({ endToEndId: 'T-1', amountMinor: 500_000n })], [inTransit('T-1', 500_000n)], '2026-09-30').seen.length // 1
 */
export function matchFundingCredits(
  lines: readonly FundingCreditLine[],
  pending: readonly FundingTransfer[],
  statementDate: string,
): FundingCreditMatch {
  const byId = new Map(pending.filter((t) => t.state === 'in_transit').map((t) => [t.transferId, t]));
  const seen: { line: FundingCreditLine; transfer: FundingTransfer; bookingDate: string }[] = [];
  const mismatched: { line: FundingCreditLine; transfer: FundingTransfer }[] = [];
  for (const line of lines) {
    const named = [...new Set(referencesOf(line))].flatMap((ref) => {
      const t = byId.get(ref);
      return t === undefined ? [] : [t];
    });
    const exact = named.find((t) => t.amount.currency === line.currency && t.amount.amountMinor === line.amountMinor);
    if (exact !== undefined) {
      byId.delete(exact.transferId);
      seen.push({ line, transfer: exact, bookingDate: line.bookingDate ?? line.valueDate ?? statementDate });
    } else if (named[0] !== undefined) {
      mismatched.push({ line, transfer: named[0] });
    }
  }
  return { seen, mismatched };
}

/**
 * One balance fact per statement (all its pages): opening of the first page, closing of the
 * last. A multi-page statement counts once its pages 1…n are all held and n is marked last.
 */
async function balanceFacts(
  deps: VerifyDeps,
  channel: VerifyChannel,
  mine: readonly StoredStatementRecord[],
): Promise<StatementBalanceFact[]> {
  const wanted = new Set(mine.map(groupKey));
  const dates = mine.map((s) => s.statementDate).sort();
  const all = await loadStatements(deps.db, {
    bankId: channel.bankId,
    accountId: channel.account.accountNumber,
    from: dates[0]!,
    through: dates.at(-1)!,
  });
  const groups = new Map<string, StoredStatementRecord[]>();
  for (const s of all) {
    const k = groupKey(s);
    if (!wanted.has(k)) continue;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const facts: StatementBalanceFact[] = [];
  for (const pages of groups.values()) {
    pages.sort((a, b) => a.page - b.page);
    const first = pages[0]!;
    const last = pages.at(-1)!;
    const complete = pages.length === 1 && first.page === 0 ? true : pages.every((p, i) => p.page === i + 1) && last.lastPage === true;
    if (!complete || last.closingMinor === null) continue;
    facts.push({
      fundingAccountId: fundingAccountOfChannel(channel.bankId),
      currency: first.currency,
      statementId: statementLedgerId(first.statementDate, first.statementId),
      date: first.statementDate,
      closingMinor: last.closingMinor,
      ...(first.openingMinor === null ? {} : { openingMinor: first.openingMinor }),
    });
  }
  return facts;
}

function groupKey(s: StoredStatementRecord): string {
  return `${s.currency}|${s.statementDate}|${s.statementId}`;
}

/**
 * The ledger's name for a bank statement: its date and the bank's id, which banks do not
 * always keep unique across days. Kept within the ledger's 128 characters without `|`.
 *
 * @example statementLedgerId('2026-09-30', 'STMT-0930') // '2026-09-30/STMT-0930'
 */
export function statementLedgerId(date: string, bankStatementId: string): string {
  const id = `${date}/${bankStatementId.replaceAll('|', '_')}`;
  return id.length <= 128 ? id : `${date}/sha256:${createHash('sha256').update(bankStatementId).digest('hex')}`;
}
