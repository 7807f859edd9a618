import { PayoutError } from '@payout/domain';
import type { FundingPostingStep, PayoutPostingStep } from './posting.ts';

// Ids are built from the cause alone: the same event replayed yields the same id, which the
// store treats as "already there". `|` cannot appear inside a part (parts are checked).

function part(s: string, what: string): string {
  if (s.length === 0 || s.length > 128 || s.includes('|')) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `${what} must be 1–128 characters without '|', got ${JSON.stringify(s.slice(0, 40))}`, {
      field: what,
    });
  }
  return s;
}

/** @example payoutPostingId('p-1', 2, 'reserve') // 'payout|p-1|2|reserve' */
export function payoutPostingId(payoutId: string, attempt: number, step: PayoutPostingStep): string {
  return `payout|${part(payoutId, 'payoutId')}|${attempt}|${step}`;
}

export function fundingPostingId(transferId: string, step: FundingPostingStep): string {
  return `funding|${part(transferId, 'transferId')}|${step}`;
}

export function openingBalancePostingId(fundingAccountId: string, currency: string, statementId: string): string {
  return `opening|${part(fundingAccountId, 'fundingAccountId')}|${part(currency, 'currency')}|${part(statementId, 'statementId')}`;
}

export function adjustmentPostingId(fundingAccountId: string, currency: string, reference: string): string {
  return `adjustment|${part(fundingAccountId, 'fundingAccountId')}|${part(currency, 'currency')}|${part(reference, 'reference')}`;
}
