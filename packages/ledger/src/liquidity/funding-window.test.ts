import { isPayoutError } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import { resolveFundingAccount, type FundingAccountConfig } from './funding-account.config.ts';
import { fundingDeadline, nextFundingOpportunity } from './funding-window.ts';

const cn: FundingAccountConfig = { id: 'cn-hvps', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'cn-treasury' };

describe('fundingDeadline', () => {
  it('takes the earlier of the internal and the rail cut-off', () => {
    const internal = fundingDeadline(resolveFundingAccount(cn), '2026-09-30');
    expect(internal).toMatchObject({ binding: 'internal', date: '2026-09-30' });
    expect(internal.at.toISOString()).toBe('2026-09-30T08:00:00.000Z');
    expect(internal.railCutoffAt?.toISOString()).toBe('2026-09-30T09:15:00.000Z'); // HVPS 17:15
    const late = fundingDeadline(resolveFundingAccount({ ...cn, internalCutoff: '17:30' }), '2026-09-30');
    expect(late).toMatchObject({ binding: 'rail' });
    expect(late.at.toISOString()).toBe('2026-09-30T09:15:00.000Z');
  });

  it('follows DST in the rail zone (US ACH 16:45 ET)', () => {
    const us = resolveFundingAccount({ id: 'us', currency: 'USD', rail: 'US_ACH', internalCutoff: '17:00', fundingSource: 't' });
    expect(fundingDeadline(us, '2026-07-01').at.toISOString()).toBe('2026-07-01T20:45:00.000Z');
    expect(fundingDeadline(us, '2026-11-25').at.toISOString()).toBe('2026-11-25T21:45:00.000Z');
  });

  it('a 24×7 rail needs a calendar for funding, and then only the internal cut-off binds', () => {
    const err = (() => {
      try {
        resolveFundingAccount({ id: 'fps', currency: 'GBP', rail: 'UK_FPS', internalCutoff: '15:00', fundingSource: 't' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isPayoutError(err) && err.code).toBe('PAYOUT_E_CONFIG_INVALID');
    const fps = resolveFundingAccount({
      id: 'fps',
      currency: 'GBP',
      rail: 'UK_FPS',
      calendar: 'UK',
      internalCutoff: '15:00',
      fundingSource: 't',
    });
    expect(fundingDeadline(fps, '2026-12-24')).toMatchObject({ binding: 'internal', railCutoffAt: undefined });
  });

  it('refuses configs that cannot work, naming the field', () => {
    const field = (c: FundingAccountConfig): unknown => {
      try {
        resolveFundingAccount(c);
      } catch (e) {
        return isPayoutError(e) ? (e.details?.['field'] ?? e.code) : 'other';
      }
      return undefined;
    };
    expect(field({ ...cn, currency: 'USD' })).toBe('currency');
    expect(field({ ...cn, internalCutoff: '4pm' })).toBe('internalCutoff');
    expect(field({ ...cn, fundingOpensAt: '16:30' })).toBe('fundingOpensAt');
    expect(field({ ...cn, railCutoffName: 'nope' })).toBe('railCutoffName');
    expect(field({ ...cn, fundingSource: '' })).toBe('fundingSource');
    expect(() => fundingDeadline(resolveFundingAccount(cn), '2026-10-01')).toThrow(/not a CN business day/);
  });
});

describe('nextFundingOpportunity', () => {
  const acct = resolveFundingAccount(cn);
  it('is now inside the window, the opening before it, and the next business day after the deadline', () => {
    expect(nextFundingOpportunity(acct, new Date('2026-09-30T03:00:00Z')).toISOString()).toBe('2026-09-30T03:00:00.000Z');
    expect(nextFundingOpportunity(acct, new Date('2026-09-29T23:00:00Z')).toISOString()).toBe('2026-09-30T01:00:00.000Z');
    // After 16:00 on 09-30 the next window is after National Day: 2026-10-08 09:00 CST.
    expect(nextFundingOpportunity(acct, new Date('2026-09-30T09:00:00Z')).toISOString()).toBe('2026-10-08T01:00:00.000Z');
    // During Spring Festival: back on 02-24.
    expect(nextFundingOpportunity(acct, new Date('2026-02-17T04:00:00Z')).toISOString()).toBe('2026-02-24T01:00:00.000Z');
  });
});
