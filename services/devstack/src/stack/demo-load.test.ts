import { parseAmountMinor, validateBankAccount } from '@payout/domain';
import { parsePayoutRequest } from '@payout/queue';
import { describe, expect, it } from 'vitest';
import { CLOSED_ACCOUNTS, HIDDEN_LIMIT_MINOR } from './demo-banks.ts';
import { demoPayout } from './demo-load.ts';

describe('demoPayout', () => {
  it('produces valid requests: one in ten above the hidden limit, a few to closed accounts', () => {
    const n = 2_000;
    let big = 0;
    let closed = 0;
    for (let i = 0; i < n; i++) {
      const p = demoPayout(i);
      expect(parsePayoutRequest(p).ok).toBe(true);
      expect(validateBankAccount({ scheme: 'cn_bank', accountNumber: p.beneficiary.accountNumber }).ok).toBe(true);
      if (parseAmountMinor(p.amount, 'CNY') > HIDDEN_LIMIT_MINOR) big++;
      if (CLOSED_ACCOUNTS.includes(p.beneficiary.accountNumber)) closed++;
    }
    expect(big).toBe(n / 10);
    expect(closed).toBeGreaterThan(10);
    expect(closed).toBeLessThan(40);
  });
});
