import { createHash } from 'node:crypto';
import { compareStatements, loadStatements, lockPayoutsForVerification, statementLedgerLines, type StoredStatementRecord } from '@payout/db';
import { maskAccount } from '@payout/domain';
import { fundingAccountOfChannel, type PayoutLedgerEvent, type StatementBalanceFact } from '@payout/ledger';
import { recordStatementsInLedger, type StatementIntakeOutcome } from '@payout/ledger/store';
import { bookLifecycleLedger } from '../ledger/book-lifecycle-ledger.ts';
import type { VerifyChannel, VerifyDeps } from './verify-deps.ts';

/** Lines read (and payouts locked) per transaction: bounded, so a huge statement never becomes one huge transaction. */
const PAGE = 2_000;

export interface StatementLedgerReport {
  /** Debits booked as seen for attempts already resolved (succeeded, or failed although the money left). */
  readonly debitsSeen: number;
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
 *  2. each statement's closing balance is recorded for the drift report, and the account's
 *     first statement brings its opening balance into the ledger.
 * Only statements of the channel's own account count: its funding account is the channel's.
 */
export async function bookStatementsInLedger(deps: VerifyDeps, channel: VerifyChannel, statements: readonly StoredStatementRecord[], now: Date): Promise<StatementLedgerReport> {
  const mine = statements.filter((s) => s.bankId === channel.bankId && s.accountId === channel.account.accountNumber).sort(compareStatements);
  if (mine.length === 0) return { debitsSeen: 0, refused: 0, balances: [] };
  const log = deps.logger.child({ role: 'verify', bankId: channel.bankId, account: maskAccount(channel.account.accountNumber) });
  let debitsSeen = 0;
  let refused = 0;
  for (const s of mine) {
    for (let after = -1; ; ) {
      const page = await statementLedgerLines(deps.db, { statementRowId: s.id, afterLineIndex: after, limit: PAGE });
      const debits = page.filter((l) => l.kind === 'debit');
      if (debits.length > 0) {
        const r = await deps.db.transaction().execute(async (tx) => {
          const fresh = new Map((await lockPayoutsForVerification(tx, [...new Set(debits.map((l) => l.payoutId))])).map((p) => [p.payout.id, p]));
          const events: PayoutLedgerEvent[] = [];
          for (const l of debits) {
            const p = fresh.get(l.payoutId);
            const a = p?.attempts.find((x) => x.id === l.attemptId);
            // Unresolved attempts are decided (and their debit booked) by this pass's resolution; a
            // line whose amount is not the payout's is an exception for ops, never booked as its debit.
            if (p === undefined || a === undefined || (a.state !== 'succeeded' && a.state !== 'failed') || a.channelId !== channel.bankId) continue;
            if (l.currency !== p.payout.currency || l.amountMinor !== p.payout.amountMinor) continue;
            events.push({
              type: 'debit_seen',
              payoutId: p.payout.id,
              attempt: a.attemptNo,
              fundingAccountId: fundingAccountOfChannel(a.channelId),
              amount: { amountMinor: p.payout.amountMinor, currency: p.payout.currency },
              at: now,
              bookingDate: l.bookingDate ?? l.valueDate ?? s.statementDate,
            });
          }
          return bookLifecycleLedger(tx, [], events);
        });
        debitsSeen += r.appended;
        refused += r.refused.length;
        for (const x of r.refused) log.warn({ payoutId: x.event.payoutId, attempt: x.event.attempt, event: x.event.type, code: x.code, err: x.message }, 'the ledger refused a statement debit');
      }
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE) break;
      after = last.lineIndex;
    }
  }

  const balances = await recordStatementsInLedger(deps.db, await balanceFacts(deps, channel, mine), now);
  for (const b of balances) {
    if (b.kind === 'refused') log.warn({ statementId: b.fact.statementId, code: b.code, err: b.message }, 'statement balance not recorded in the ledger');
    else if (b.kind === 'recorded' && b.opening === 'missing') log.warn({ statementId: b.fact.statementId }, 'first statement of the account carries no opening balance: positions start without it');
    else if (b.kind === 'recorded' && b.opening === 'booked') log.info({ statementId: b.fact.statementId, openingMinor: b.fact.openingMinor?.toString() }, 'opening balance brought into the ledger');
  }
  return { debitsSeen, refused, balances };
}

/**
 * One balance fact per statement (all its pages): opening of the first page, closing of the
 * last. A multi-page statement counts once its pages 1…n are all held and n is marked last.
 */
async function balanceFacts(deps: VerifyDeps, channel: VerifyChannel, mine: readonly StoredStatementRecord[]): Promise<StatementBalanceFact[]> {
  const wanted = new Set(mine.map(groupKey));
  const dates = mine.map((s) => s.statementDate).sort();
  const all = await loadStatements(deps.db, { bankId: channel.bankId, accountId: channel.account.accountNumber, from: dates[0]!, through: dates.at(-1)! });
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
