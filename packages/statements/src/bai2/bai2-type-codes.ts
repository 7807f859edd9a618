import type { LineDirection, LineStatus } from '../statement.model.ts';

export interface Bai2TypeInfo {
  readonly direction: LineDirection;
  readonly status: LineStatus;
  readonly reversal: boolean;
  /** The item is money coming back (ACH return, rejected credit, returned item). */
  readonly isReturn: boolean;
  readonly description: string | undefined;
}

/** Detail codes that reverse an earlier posting (BAI2 appendix A). */
const REVERSALS: Readonly<Record<string, string>> = {
  '252': 'Debit Reversal',
  '258': 'ACH Reversal Credit',
  '395': 'Check Reversal',
  '552': 'Credit Reversal',
  '558': 'ACH Reversal Debit',
  '694': 'Deposit Reversal',
};

/** Detail codes for individual returned or rejected items (not the batch settlements 168/468). */
const RETURNS: Readonly<Record<string, string>> = {
  '123': 'EDIBANX Credit Return',
  '257': 'Individual ACH Return Item',
  '261': 'Individual Rejected Credit',
  '266': 'Return Item',
  '268': 'Return Item Adjustment',
  '423': 'EDIBANX Return Item Debit',
  '555': 'Deposited Item Returned',
  '557': 'Individual ACH Return Item',
  '561': 'Individual Rejected Debit',
  '566': 'Return Item',
  '568': 'Return Item Adjustment',
};

/**
 * Direction of a 16 (transaction detail) type code: 100–399 credits, 400–699 debits, 720–728
 * loan credits, 760 loan debit, 890 non-monetary information. 900–999 are defined by each bank
 * and must be configured; anything else is not a detail code. Returns undefined when unknown.
 */
export function classifyBai2TypeCode(code: string, custom: Readonly<Record<string, LineDirection | 'info'>>): Bai2TypeInfo | undefined {
  if (!/^\d{3}$/.test(code)) return undefined;
  const n = Number(code);
  const reversal = Object.hasOwn(REVERSALS, code);
  const isReturn = Object.hasOwn(RETURNS, code);
  const description = REVERSALS[code] ?? RETURNS[code];
  const base = { reversal, isReturn, description };
  if (n >= 100 && n <= 399) return { ...base, direction: 'credit', status: 'booked' };
  if (n >= 400 && n <= 699) return { ...base, direction: 'debit', status: 'booked' };
  if (n >= 720 && n <= 728) return { ...base, direction: 'credit', status: 'booked' };
  if (n === 760) return { ...base, direction: 'debit', status: 'booked' };
  if (n === 890) return { ...base, direction: 'credit', status: 'info', description: 'Contains Non-monetary Information' };
  if (n >= 900) {
    const configured = custom[code];
    if (configured === undefined) return undefined;
    if (configured === 'info') return { ...base, direction: 'credit', status: 'info' };
    return { ...base, direction: configured, status: 'booked' };
  }
  return undefined;
}
