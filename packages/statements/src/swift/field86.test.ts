import { describe, expect, it } from 'vitest';
import { parseField86 } from './field86.ts';

describe(':86: information to account owner', () => {
  it('reads /TAG/ layouts, rejoining values SWIFT wrapped mid-word', () => {
    const d = parseField86([
      '/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/Jan',
      'sen BV/REMI/Invoice 7/EREF/E2E-77/KREF/K-1/',
    ]);
    expect(d).toMatchObject({
      endToEndId: 'E2E-77',
      instructionId: 'K-1',
      remittanceInfo: 'Invoice 7',
      counterparty: { name: 'Jansen BV', account: 'NL91ABNA0417164300', agent: 'ABNANL2A' },
      returnReason: undefined,
    });
  });

  it('reads /RTRN/ with and without text, and drops NOTPROVIDED', () => {
    expect(parseField86(['/RTRN/MS03 Reason not specified/EREF/NOTPROVIDED/'])).toMatchObject({
      returnReason: { code: 'MS03', info: 'Reason not specified' },
      endToEndId: undefined,
    });
    expect(parseField86(['/RTRN/AC04/']).returnReason).toEqual({ code: 'AC04', info: undefined });
  });

  it('keeps text before the first tag and slashes inside values that are not tags', () => {
    expect(parseField86(['PAYMENT 2024/03 /EREF/X-1/']).remittanceInfo).toBe('PAYMENT 2024/03');
    expect(parseField86(['/REMI/INV 2024/0311 PART/']).remittanceInfo).toBe('INV 2024/0311 PART');
  });

  it('reads German ?-subfields with SEPA keywords split across subfields', () => {
    const d = parseField86([
      '166?00SEPA-GUTSCHRIFT?109249?20EREF+ABC-1?21MREF+M-9?22CRED+DE98ZZZ09999999999?23SVWZ+Miete Mae',
      'rz?30BYLADEM1001?31DE02120300000000202051?32Max Mustermann',
    ]);
    expect(d).toMatchObject({
      transactionCode: '166',
      endToEndId: 'ABC-1',
      mandateId: 'M-9',
      remittanceInfo: 'Miete Maerz',
      counterparty: { name: 'Max Mustermann', account: 'DE02120300000000202051', agent: 'BYLADEM1001' },
    });
    expect(parseField86(['020?00ENTGELT?20Kontofuehrung Maerz']).remittanceInfo).toBe('Kontofuehrung Maerz');
  });

  it('takes free text as remittance', () => {
    expect(parseField86(['HIER EEN OMSCHRIJVING', 'OP TWEE REGELS'])).toMatchObject({
      remittanceInfo: 'HIER EEN OMSCHRIJVING OP TWEE REGELS',
      endToEndId: undefined,
    });
  });
});
