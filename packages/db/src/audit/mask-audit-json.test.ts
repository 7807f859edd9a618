import { describe, expect, it } from 'vitest';
import { maskAuditJson, maskAuditText } from './mask-audit-json.ts';

describe('maskAuditJson', () => {
  it('masks account-like keys whole and account numbers in text, keeping ids and amounts', () => {
    const id = '0191b7c2-1a2b-7c3d-8e4f-446655440000';
    const out = maskAuditJson({
      evidence: [{ kind: 'statement', account: 'DE89 3704 0044 0532 0130 00', statementId: 'S-1' }],
      beneficiary: { accountNumber: '6217000011223344556', iban: 'GB29NWBK60161331926819' },
      message: `no payout ${id}; paid to 6222020200009876543 and NL20INGB0001234567`,
      payoutIds: [id],
      amountMinor: '1000000000',
      fundingAccountId: 'cn-hvps',
      version: 3,
    });
    expect(out).toEqual({
      evidence: [{ kind: 'statement', account: '****3000', statementId: 'S-1' }],
      beneficiary: { accountNumber: '****4556', iban: '****6819' },
      message: `no payout ${id}; paid to ****6543 and ****4567`,
      payoutIds: [id],
      amountMinor: '1000000000',
      fundingAccountId: 'cn-hvps',
      version: 3,
    });
  });

  it('leaves plain text and null alone', () => {
    expect(maskAuditText('client asked to stop (ticket 4711)')).toBe('client asked to stop (ticket 4711)');
    expect(maskAuditJson(null)).toBeNull();
  });
});
