import { addDays, daysBetween } from '@payout/calendar';
import { checkSequence, type SequenceBreak, type StatementHeader } from '@payout/statements';
import type { StoredStatement } from './verify.model.ts';

/**
 * Whether the statements we hold prove what happened on an account over a period.
 *  - complete: every day from `from` through `through` lies inside one unbroken chain of
 *    statements, each adding up (opening + entries = closing) and each opening on the
 *    previous closing with no hole in the sequence numbers;
 *  - incomplete: a statement that is due is missing, does not add up, or the chain breaks;
 *  - not_due: the chain so far is sound but a statement the period needs is not out yet.
 * Only `complete` can ever support calling a payout failed.
 */
export type PeriodCoverage =
  | { readonly kind: 'complete'; readonly from: string; readonly through: string; readonly statementRowIds: readonly string[] }
  | { readonly kind: 'incomplete'; readonly from: string; readonly through: string; readonly reason: string }
  | { readonly kind: 'not_due'; readonly from: string; readonly through: string; readonly waitingFor: string };

export interface PeriodRequest {
  readonly accountId: string;
  readonly currency: string;
  readonly from: string;
  readonly through: string;
  /** The latest date whose statement is due now (see `latestDueStatementDate`). */
  readonly availableThrough: string;
}

export function assessPeriod(all: readonly StoredStatement[], req: PeriodRequest): PeriodCoverage {
  const { from, through } = req;
  const incomplete = (reason: string): PeriodCoverage => ({ kind: 'incomplete', from, through, reason });
  const notDue = (waitingFor: string): PeriodCoverage => ({ kind: 'not_due', from, through, waitingFor });
  if (through < from) return incomplete(`period ${from}..${through} is empty`);

  const chain = all.filter((s) => s.accountId === req.accountId && s.currency === req.currency).sort(byDateThenSequence);
  const dueThrough = through <= req.availableThrough ? through : req.availableThrough;
  const waiting = through > req.availableThrough ? addDays(req.availableThrough, 1) : undefined;
  if (dueThrough < from) return notDue(from);

  const start = chain.findIndex((s) => s.statementDate >= from);
  if (start === -1) return incomplete(`no statement for ${from} or later`);
  // A first statement dated after `from` covers it only when an unbroken, numbered link from
  // the statement before proves no statement was issued in between.
  let linkFrom = start;
  if ((chain[start]?.statementDate ?? '') > from) {
    if (start === 0) return incomplete(`no statement covers ${from}`);
    linkFrom = start - 1;
  }
  let end = -1;
  for (let i = start; i < chain.length; i++) {
    if ((chain[i]?.statementDate ?? '') >= dueThrough) {
      end = i;
      break;
    }
  }
  if (end === -1) {
    const last = chain.at(-1);
    return incomplete(`no statement for ${dueThrough}${last === undefined ? '' : ` (latest held: ${last.statementDate})`}`);
  }
  // Pages of the closing day's statement that follow on the same date belong to it.
  while (end + 1 < chain.length && chain[end + 1]?.statementDate === chain[end]?.statementDate) end++;

  for (let i = start; i <= end; i++) {
    const s = chain[i];
    if (s === undefined) continue;
    if (s.balanceCheck !== 'ok') {
      return incomplete(
        s.balanceCheck === 'mismatch'
          ? `statement ${s.statementId} (${s.statementDate}) does not add up`
          : `statement ${s.statementId} (${s.statementDate}) has no opening or closing balance`,
      );
    }
  }
  const lastOfPeriod = chain[end];
  if (lastOfPeriod?.lastPage === false) return incomplete(`statement ${lastOfPeriod.statementId} announces further pages that are missing`);

  for (let i = linkFrom + 1; i <= end; i++) {
    const prev = chain[i - 1];
    const next = chain[i];
    if (prev === undefined || next === undefined) continue;
    const r = checkSequence(asHeader(prev), asHeader(next));
    if (r.kind === 'broken')
      return incomplete(`between ${prev.statementDate} and ${next.statementDate}: ${r.breaks.map(describeBreak).join('; ')}`);
    if (r.kind === 'unverifiable')
      return incomplete(`between ${prev.statementDate} and ${next.statementDate}: ${r.reason.replaceAll('_', ' ')}`);
    const gapDays = daysBetween(prev.statementDate, next.statementDate);
    if (gapDays > 1 && !r.sequenceChecked) {
      return incomplete(
        `no statement for ${addDays(prev.statementDate, 1)}..${addDays(next.statementDate, -1)} and no sequence numbers to prove none was issued`,
      );
    }
  }
  if (waiting !== undefined) return notDue(waiting);
  return { kind: 'complete', from, through, statementRowIds: chain.slice(start, end + 1).map((s) => s.statementRowId) };
}

function byDateThenSequence(a: StoredStatement, b: StoredStatement): number {
  if (a.statementDate !== b.statementDate) return a.statementDate < b.statementDate ? -1 : 1;
  const sa = seqNumber(a);
  const sb = seqNumber(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return (a.page ?? 0) - (b.page ?? 0);
}

function seqNumber(s: StoredStatement): bigint {
  const v = s.electronicSequence ?? s.legalSequence;
  return v !== undefined && /^\d{1,30}$/.test(v) ? BigInt(v) : 0n;
}

/** The header facts `checkSequence` reads, rebuilt from the stored row. */
export function asHeader(s: StoredStatement): StatementHeader {
  return {
    format: 'camt053',
    version: undefined,
    index: 0,
    messageId: undefined,
    statementId: s.statementId,
    account: { id: s.accountId, scheme: 'other', servicerBic: undefined },
    currency: s.currency,
    sequence: { electronic: s.electronicSequence, legal: s.legalSequence, page: s.page, lastPage: s.lastPage },
    creationDateTime: undefined,
    period: { from: s.statementDate, to: s.statementDate },
    openingBalance: s.openingMinor === undefined ? undefined : { amountMinor: s.openingMinor, date: s.statementDate, type: 'stored' },
    closingBalance: s.closingMinor === undefined ? undefined : { amountMinor: s.closingMinor, date: s.statementDate, type: 'stored' },
    additionalInfo: undefined,
  };
}

export function describeBreak(b: SequenceBreak): string {
  switch (b.kind) {
    case 'account_changed':
      return 'account changed';
    case 'currency_changed':
      return `currency changed ${b.previous} → ${b.next}`;
    case 'balance_gap':
      return `opening balance differs from the previous closing by ${b.differenceMinor} minor units`;
    case 'sequence_gap':
      return b.missing > 0n
        ? `${b.missing} statement(s) missing between ${b.numbering} numbers ${b.previous} and ${b.next}`
        : `statement number ${b.next} repeats or goes back after ${b.previous}`;
    case 'page_gap':
      return `page ${b.nextPage === 0 ? 'after ' + String(b.previousPage) : b.nextPage} of statement ${b.number} out of order or missing`;
  }
}
