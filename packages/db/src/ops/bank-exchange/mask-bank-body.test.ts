import { describe, expect, it } from 'vitest';
import { maskAccountsDeep, maskAccountsInText } from './mask-bank-body.ts';

describe('maskAccountsDeep', () => {
  it('masks values under account keys and keeps amounts and references', () => {
    const masked = maskAccountsDeep({
      endToEndId: 'E2E-0001',
      amountMinor: 123456789012n,
      debtorAccount: { scheme: 'iban', accountNumber: 'DE89370400440532013000' },
      beneficiary: { name: 'Zhang San', account: { scheme: 'cn_bank', accountNumber: '6222020200112233445' } },
      payeeAccount: '6222020200112233445',
    });
    const text = JSON.stringify(masked);
    expect(text).not.toContain('DE89370400440532013000');
    expect(text).not.toContain('6222020200112233445');
    expect(text).toContain('****3000');
    expect(text).toContain('****3445');
    expect(text).toContain('"amountMinor":"123456789012"');
    expect(text).toContain('E2E-0001');
  });

  it('masks IBANs, XML ids and long digit runs in raw bodies but not decimal amounts', () => {
    const xml =
      '<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct><Othr><Id>6222020200112233445</Id></Othr><InstdAmt Ccy="CNY">123456789.00</InstdAmt> ref GB29NWBK60161331926819 card 4111111111111111';
    const out = maskAccountsInText(xml);
    for (const secret of ['DE89370400440532013000', '6222020200112233445', 'GB29NWBK60161331926819', '4111111111111111'])
      expect(out).not.toContain(secret);
    expect(out).toContain('123456789.00');
  });
});
