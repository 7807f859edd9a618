import { describe, expect, it } from 'vitest';
import { fakeBankProfile } from '../fake/fake-profile.ts';
import { bankProfileToJson, parseBankProfile } from './bank-profile.schema.ts';

describe('bank profile config', () => {
  it('round-trips through JSON with Money limits', () => {
    const p = fakeBankProfile({ rateLimits: { queryPerSecond: 30, submitPerSecond: 10 } });
    const json = JSON.parse(JSON.stringify(bankProfileToJson(p))) as unknown;
    const back = parseBankProfile(json);
    expect(back).toEqual(p);
    expect(back.limits.perPayout.amountMinor).toBe(100_000_000n);
  });

  it('takes the statement files’ encoding, when the bank’s is not UTF-8, and refuses one statements cannot decode', () => {
    const json = bankProfileToJson(fakeBankProfile());
    expect(parseBankProfile(json).statementEncoding).toBeUndefined();
    expect(parseBankProfile({ ...json, statementEncoding: 'gb18030' }).statementEncoding).toBe('gb18030');
    expect(() => parseBankProfile({ ...json, statementEncoding: 'ebcdic' })).toThrow(/statementEncoding/);
  });

  it('reports every invalid key at once', () => {
    const json = {
      ...bankProfileToJson(fakeBankProfile()),
      rail: 'SWIFT',
      statementTime: '25:00',
      currency: 'XYZ',
      limits: { perPayout: '1.5', perDay: '10' },
    };
    let message = '';
    try {
      parseBankProfile(json);
    } catch (e) {
      message = (e as Error).message;
      expect(e).toMatchObject({ code: 'PAYOUT_E_CONFIG_INVALID' });
    }
    for (const key of ['rail', 'statementTime', 'currency', 'limits.perPayout']) expect(message).toContain(key);
  });
});
