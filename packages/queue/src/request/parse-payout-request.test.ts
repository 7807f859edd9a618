import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePayoutRequest } from './parse-payout-request.ts';
import { requestFingerprint } from './request-fingerprint.ts';

const IBAN = 'DE89370400440532013000';
const valid = {
  amount: '1250.00',
  currency: 'EUR',
  fundingAccount: 'eu-main',
  beneficiary: { name: 'Ada Lovelace', scheme: 'iban', accountNumber: IBAN },
};

function codeOf(body: unknown): string {
  const r = parsePayoutRequest(body);
  return r.ok ? 'ok' : r.error.code;
}

describe('parsePayoutRequest', () => {
  it('normalises a valid request to exact minor units', () => {
    const r = parsePayoutRequest({
      ...valid,
      beneficiary: { ...valid.beneficiary, accountNumber: 'de89 3704 0044 0532 0130 00', bankCode: 'cobadeffxxx' },
      railPreference: 'EU_SEPA_SCT',
      requestedExecutionDate: '2026-12-01',
    });
    expect(r).toEqual({
      ok: true,
      request: {
        amountMinor: 125_000n,
        currency: 'EUR',
        fundingAccount: 'eu-main',
        beneficiary: { name: 'Ada Lovelace', scheme: 'iban', accountNumber: IBAN, bankCode: 'COBADEFFXXX' },
        railPreference: 'EU_SEPA_SCT',
        remittanceInfo: null,
        requestedExecutionDate: '2026-12-01',
      },
    });
  });

  it.each([
    ['zero', { ...valid, amount: '0' }, 'PAYOUT_E_INVALID_AMOUNT'],
    ['zero with decimals', { ...valid, amount: '0.00' }, 'PAYOUT_E_INVALID_AMOUNT'],
    ['negative', { ...valid, amount: '-5.00' }, 'PAYOUT_E_INVALID_AMOUNT'],
    ['JSON number', { ...valid, amount: 12.5 }, 'PAYOUT_E_INVALID_AMOUNT'],
    ['exponent', { ...valid, amount: '1e3' }, 'PAYOUT_E_INVALID_AMOUNT'],
    ['too many decimals', { ...valid, amount: '1.234' }, 'PAYOUT_E_INVALID_AMOUNT'],
    ['decimals on JPY', { ...valid, currency: 'JPY', amount: '1.5' }, 'PAYOUT_E_INVALID_AMOUNT'],
    ['beyond int8', { ...valid, currency: 'JPY', amount: '9223372036854775808' }, 'PAYOUT_E_INVALID_AMOUNT'],
    ['missing amount', { ...valid, amount: undefined }, 'PAYOUT_E_INVALID_AMOUNT'],
    ['unknown currency', { ...valid, currency: 'ABC' }, 'PAYOUT_E_UNKNOWN_CURRENCY'],
    ['lower-case currency', { ...valid, currency: 'eur' }, 'PAYOUT_E_UNKNOWN_CURRENCY'],
    [
      'bad IBAN checksum',
      { ...valid, beneficiary: { ...valid.beneficiary, accountNumber: 'DE89370400440532013001' } },
      'PAYOUT_E_INVALID_IBAN',
    ],
    [
      'bad ABA',
      { ...valid, currency: 'USD', beneficiary: { name: 'Bob', scheme: 'us_aba', accountNumber: '123456789', bankCode: '123456789' } },
      'PAYOUT_E_INVALID_ABA',
    ],
    ['unknown scheme', { ...valid, beneficiary: { ...valid.beneficiary, scheme: 'swift' } }, 'PAYOUT_E_INVALID_ACCOUNT'],
    ['unknown rail', { ...valid, railPreference: 'CARRIER_PIGEON' }, 'PAYOUT_E_UNKNOWN_RAIL'],
    ['control character in name', { ...valid, beneficiary: { ...valid.beneficiary, name: 'Ada\u0000Lovelace' } }, 'PAYOUT_E_VALIDATION'],
    ['bidi override in remittance', { ...valid, remittanceInfo: 'inv \u202e 42' }, 'PAYOUT_E_VALIDATION'],
    ['lone surrogate', { ...valid, remittanceInfo: 'x\ud800y' }, 'PAYOUT_E_VALIDATION'],
    ['oversize name', { ...valid, beneficiary: { ...valid.beneficiary, name: 'n'.repeat(141) } }, 'PAYOUT_E_VALIDATION'],
    ['unknown field', { ...valid, extra: 1 }, 'PAYOUT_E_VALIDATION'],
    ['not a date', { ...valid, requestedExecutionDate: '2026-02-30' }, 'PAYOUT_E_VALIDATION'],
    ['array body', [valid], 'PAYOUT_E_VALIDATION'],
    ['null body', null, 'PAYOUT_E_VALIDATION'],
  ])('%s → %s', (_name, body, code) => {
    expect(codeOf(body)).toBe(code);
  });

  it('never echoes the account number in its error', () => {
    const r = parsePayoutRequest({ ...valid, beneficiary: { ...valid.beneficiary, accountNumber: 'DE89370400440532013001' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify({ m: r.error.message, d: r.error.details })).not.toContain('0532013001');
  });

  it('fingerprints meaning, not spelling', () => {
    const a = parsePayoutRequest({ ...valid, amount: '1250.0' });
    const b = parsePayoutRequest({
      beneficiary: { accountNumber: 'DE89 3704 0044 0532 0130 00', scheme: 'iban', name: 'Ada Lovelace' },
      fundingAccount: 'eu-main',
      currency: 'EUR',
      amount: '1250',
    });
    const c = parsePayoutRequest({ ...valid, amount: '1250.01' });
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid');
    expect(requestFingerprint(a.request)).toBe(requestFingerprint(b.request));
    expect(requestFingerprint(a.request)).not.toBe(requestFingerprint(c.request));
  });

  it('treats a request naming a funding account and the same request without it as different requests', () => {
    const { fundingAccount: _named, ...rest } = valid;
    const named = parsePayoutRequest(valid);
    const absent = parsePayoutRequest(rest);
    const nulled = parsePayoutRequest({ ...rest, fundingAccount: null });
    if (!named.ok || !absent.ok || !nulled.ok) throw new Error('expected valid');
    expect(absent.request.fundingAccount).toBeNull();
    expect(requestFingerprint(absent.request)).toBe(requestFingerprint(nulled.request));
    expect(requestFingerprint(named.request)).not.toBe(requestFingerprint(absent.request));
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const r = parsePayoutRequest(x);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
