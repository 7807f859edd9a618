import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateAbaRouting, validateUsAccountNumber } from './aba-routing.ts';
import { validateBic } from './bic.ts';
import { validateCnAccountNumber, validateCnapsCode } from './cn-account.ts';
import { normalizeIban, validateIban } from './iban.ts';
import { luhnValid } from './luhn.ts';
import { normalizeUkSortCode, validateUkAccountNumber, validateUkSortCode } from './uk-account.ts';

describe('IBAN', () => {
  it.each([
    'DE89370400440532013000',
    'GB29NWBK60161331926819',
    'FR1420041010050500013M02606',
    'NL91ABNA0417164300',
    'de89 3704 0044 0532 0130 00',
  ])('accepts %s', (iban) => expect(validateIban(iban)).toBe(true));

  it.each([
    'DE89370400440532013001', // checksum
    'DE88370400440532013000', // check digits
    'GB29NWBK6016133192681', // length
    'XX89370400440532013000', // country
    'DE89-3704-0044-0532-0130-00',
    'DE89\t370400440532013000',
    '',
  ])('refuses %j', (iban) => expect(validateIban(iban)).toBe(false));

  it('normalises to the electronic form', () => {
    expect(normalizeIban('de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
  });

  it('property: changing one digit of a valid IBAN breaks the mod-97 check', () => {
    const valid = 'DE89370400440532013000';
    fc.assert(
      fc.property(fc.integer({ min: 2, max: valid.length - 1 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const d = (Number(valid[pos]) + delta) % 10;
        const changed = valid.slice(0, pos) + String(d) + valid.slice(pos + 1);
        expect(validateIban(changed)).toBe(false);
      }),
    );
  });
});

describe('BIC', () => {
  it.each(['DEUTDEFF', 'DEUTDEFF500', 'BKCHCNBJ', 'NWBKGB2L', 'BOFAUS3N', 'deutdeff'])('accepts %s', (bic) =>
    expect(validateBic(bic)).toBe(true),
  );
  it.each(['DEUTXXFF', 'DEUTDEF', 'DEUTDEFF5', 'DEUT DEFF', '1EUTDEFF', ' DEUTDEFF', ''])('refuses %j', (bic) =>
    expect(validateBic(bic)).toBe(false),
  );
});

describe('ABA routing', () => {
  it.each(['021000021', '011000015', '121000358', '026009593', '322271627'])('accepts %s', (rtn) =>
    expect(validateAbaRouting(rtn)).toBe(true),
  );
  it.each(['021000022', '021000012', '000000000', '02100002', '0210000211', '02100002a', ' 21000021', '991000025'])('refuses %j', (rtn) =>
    expect(validateAbaRouting(rtn)).toBe(false),
  );

  it('property: exactly one check digit makes a 9-digit number valid', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('01', '02', '11', '12', '21', '32', '61', '72', '80'),
        fc.stringMatching(/^[0-9]{6}$/),
        (prefix, body) => {
          const valid = [...'0123456789'].filter((d) => validateAbaRouting(prefix + body + d));
          expect(valid.length).toBe(prefix + body === '00000000' ? 0 : 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('US account numbers: 4–17 digits', () => {
    expect(validateUsAccountNumber('1234')).toBe(true);
    expect(validateUsAccountNumber('12345678901234567')).toBe(true);
    expect(validateUsAccountNumber('123')).toBe(false);
    expect(validateUsAccountNumber('123456789012345678')).toBe(false);
    expect(validateUsAccountNumber('1234-5678')).toBe(false);
  });
});

describe('UK sort code and account number', () => {
  it('sort codes: 6 digits, optionally dashed', () => {
    for (const s of ['601613', '60-16-13', '000000']) expect(validateUkSortCode(s)).toBe(true);
    for (const s of ['60161', '6016133', '60 16 13', '60-1613', '6016-13', '60-16-1a', '']) expect(validateUkSortCode(s)).toBe(false);
    expect(normalizeUkSortCode('60-16-13')).toBe('601613');
  });

  it('account numbers: exactly 8 digits', () => {
    expect(validateUkAccountNumber('31926819')).toBe(true);
    for (const s of ['3192681', '319268190', '3192681a', ' 31926819', '']) expect(validateUkAccountNumber(s)).toBe(false);
  });
});

describe('CN account numbers', () => {
  it('digits only, 9–30 long', () => {
    expect(validateCnAccountNumber('123456789')).toBe(true);
    expect(validateCnAccountNumber('1'.repeat(30))).toBe(true);
    expect(validateCnAccountNumber('12345678')).toBe(false);
    expect(validateCnAccountNumber('1'.repeat(31))).toBe(false);
    expect(validateCnAccountNumber('6222 0202 0000 1234')).toBe(false);
    expect(validateCnAccountNumber('62220202000012３4')).toBe(false);
  });

  it('bank cards: 16–19 digits with Luhn, only when asked', () => {
    const card = '6222021234567890128'; // 19 digits, valid Luhn
    expect(luhnValid(card)).toBe(true);
    expect(validateCnAccountNumber(card, { bankCard: true })).toBe(true);
    const bad = '6222021234567890127';
    expect(validateCnAccountNumber(bad, { bankCard: true })).toBe(false);
    expect(validateCnAccountNumber(bad)).toBe(true); // corporate accounts have no Luhn digit
    expect(validateCnAccountNumber('123456789012', { bankCard: true })).toBe(false); // too short for a card
    expect(validateCnAccountNumber('4111111111111111', { bankCard: true })).toBe(true);
  });

  it('CNAPS codes are 12 digits', () => {
    expect(validateCnapsCode('102100099996')).toBe(true);
    expect(validateCnapsCode('10210009999')).toBe(false);
    expect(validateCnapsCode('10210009999a')).toBe(false);
  });

  it('Luhn: property — changing one digit breaks it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{15,18}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, posSeed, delta) => {
        const check = [...'0123456789'].find((d) => luhnValid(body + d));
        expect(check).toBeDefined();
        const full = body + (check ?? '');
        const pos = posSeed % full.length;
        const changed = full.slice(0, pos) + String((Number(full[pos]) + delta) % 10) + full.slice(pos + 1);
        expect(luhnValid(changed)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
