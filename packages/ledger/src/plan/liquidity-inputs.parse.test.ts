import { isPayoutError } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { parseLiquidityInputs } from './liquidity-inputs.parse.ts';

const good = {
  accounts: [
    { id: 'cn-hvps', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury', bufferMinor: '1000000' },
  ],
  positions: [{ fundingAccountId: 'cn-hvps', currency: 'CNY', confirmedMinor: '123456789012345678901', reservedMinor: '100' }],
  scheduled: [{ payoutId: 'p1', fundingAccountId: 'cn-hvps', amountMinor: '500', currency: 'CNY', requestedExecutionDate: '2026-10-03' }],
  history: [{ fundingAccountId: 'cn-hvps', date: '2026-09-29', outflowMinor: '42' }],
  confirmedInflows: [{ reference: 'r1', fundingAccountId: 'cn-hvps', amountMinor: '7', currency: 'CNY', expectedDate: '2026-09-30' }],
};

describe('parseLiquidityInputs', () => {
  it('parses amounts from strings into exact bigints', () => {
    const inputs = parseLiquidityInputs(good);
    expect(inputs.accounts[0]).toMatchObject({ id: 'cn-hvps', rail: 'CN_HVPS', bufferMinor: 1_000_000n });
    expect(inputs.positions[0]).toMatchObject({
      confirmedMinor: 123_456_789_012_345_678_901n,
      availableMinor: 123_456_789_012_345_678_801n,
    });
    expect(inputs.scheduled[0]?.amount).toEqual({ amountMinor: 500n, currency: 'CNY' });
    expect(inputs.history[0]?.outflowMinor).toBe(42n);
  });

  it('refuses numbers where money goes, and reports every problem at once', () => {
    const bad = {
      ...good,
      positions: [{ ...good.positions[0], confirmedMinor: 1000 }],
      history: [{ fundingAccountId: 'cn-hvps', date: '2026-02-30', outflowMinor: '1.5' }],
      accounts: [{ ...good.accounts[0], rail: 'SWIFT' }],
    };
    try {
      parseLiquidityInputs(bad);
      expect.unreachable();
    } catch (e) {
      expect(isPayoutError(e) && e.code).toBe('PAYOUT_E_VALIDATION');
      const problems = (isPayoutError(e) ? e.details?.['problems'] : []) as string[];
      expect(problems.length).toBe(3);
      expect(problems.join('\n')).toMatch(/positions\[0\]\.confirmedMinor/);
      expect(problems.join('\n')).toMatch(/accounts\[0\]\.rail/);
    }
    expect(() => parseLiquidityInputs({})).toThrow(/accounts/);
  });
});
