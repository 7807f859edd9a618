import { PayoutError, currencyExponent } from '@payout/domain';
import { parseLocalDate } from '@payout/calendar';
import type { AccountKind } from '../accounts/ledger-account.ts';
import { buildPosting } from '../postings/posting.builder.ts';
import { fundingPostingId } from '../postings/posting-id.ts';
import type { FundingPostingStep, Posting } from '../postings/posting.ts';
import { causeLedgerState } from './cause-ledger-state.ts';
import type { FundingLedgerEvent } from './payout-ledger-event.ts';
import type { PostingDecision } from './posting-decision.ts';

/**
 * Maps a funding-transfer event to its postings on the receiving account, given the postings
 * already recorded for that transfer. Sent: in transit (not available); seen on the
 * statement: available; cancelled: back out of transit. Idempotent like the payout postings.
 *
 * @example postingsForFundingEvent({ type: 'funding_seen', transferId: 'T1', fundingAccountId: 'cn-main',
 *   sourceAccountId: 'cn-treasury', amount: money(5_000_000n, 'CNY'), at, bookingDate: '2026-09-30' }, history)
 */
export function postingsForFundingEvent(event: FundingLedgerEvent, history: readonly Posting[]): PostingDecision {
  currencyExponent(event.amount.currency);
  if (typeof event.amount.amountMinor !== 'bigint' || event.amount.amountMinor <= 0n) {
    throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', `funding ${event.transferId}: the amount must be a positive bigint`, {
      transferId: event.transferId,
    });
  }
  const state = causeLedgerState(history, (p) => p.cause.kind === 'funding' && p.cause.transferId === event.transferId);
  if (
    state.fundingAccountId !== undefined &&
    (state.fundingAccountId !== event.fundingAccountId || state.currency !== event.amount.currency)
  ) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `funding ${event.transferId} is booked on another account or currency`, {
      transferId: event.transferId,
    });
  }
  const id = (step: FundingPostingStep): string => fundingPostingId(event.transferId, step);
  const posted = (step: FundingPostingStep): boolean => state.postedIds.has(id(step));
  const A = event.amount.amountMinor;
  const inTransit = state.balance('funding_in_transit');
  let step: FundingPostingStep;
  let debit: AccountKind;
  let credit: AccountKind;
  let bookingDate: string | undefined;
  switch (event.type) {
    case 'funding_sent':
      if (posted('sent')) return { kind: 'already_posted', postingId: id('sent') };
      if (posted('received_seen')) return { kind: 'nothing_to_post', reason: 'the transfer was already seen on the statement' };
      if (posted('cancelled')) throw invalid(event, 'a cancelled transfer cannot be sent again; use a new transfer id');
      [step, debit, credit] = ['sent', 'funding_in_transit', 'funding_clearing'];
      break;
    case 'funding_seen':
      if (posted('received_seen')) return { kind: 'already_posted', postingId: id('received_seen') };
      if (posted('cancelled')) throw invalid(event, 'the transfer was cancelled; a credit on the statement needs its own transfer id');
      if (inTransit !== 0n && inTransit !== A) {
        throw new PayoutError('PAYOUT_E_VALIDATION', `funding ${event.transferId}: ${A} seen on the statement but ${inTransit} was sent`, {
          transferId: event.transferId,
        });
      }
      if (event.bookingDate === undefined) {
        throw new PayoutError('PAYOUT_E_VALIDATION', `funding ${event.transferId}: a credit seen on a statement needs its booking date`, {
          transferId: event.transferId,
        });
      }
      bookingDate = parseLocalDate(event.bookingDate);
      [step, debit, credit] = ['received_seen', 'cash_available', inTransit > 0n ? 'funding_in_transit' : 'funding_clearing'];
      break;
    case 'funding_cancelled':
      if (posted('cancelled')) return { kind: 'already_posted', postingId: id('cancelled') };
      if (posted('received_seen')) throw invalid(event, 'the transfer already arrived');
      if (!posted('sent')) return { kind: 'nothing_to_post', reason: 'the transfer was never recorded as sent' };
      [step, debit, credit] = ['cancelled', 'funding_clearing', 'funding_in_transit'];
      break;
  }
  const account = (kind: AccountKind): { fundingAccountId: string; kind: AccountKind } => ({
    fundingAccountId: event.fundingAccountId,
    kind,
  });
  return {
    kind: 'post',
    postings: [
      buildPosting({
        id: id(step),
        cause: { kind: 'funding', transferId: event.transferId, sourceAccountId: event.sourceAccountId, step },
        effectiveAt: event.at,
        bookingDate,
        entries: [
          { account: account(debit), currency: event.amount.currency, amountMinor: A },
          { account: account(credit), currency: event.amount.currency, amountMinor: -A },
        ],
      }),
    ],
  };
}

function invalid(event: FundingLedgerEvent, why: string): PayoutError {
  return new PayoutError('PAYOUT_E_INVALID_TRANSITION', `funding ${event.transferId}: ${event.type} — ${why}`, {
    transferId: event.transferId,
  });
}
