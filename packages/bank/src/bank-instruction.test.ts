import { describe, expect, it } from 'vitest';
import { money } from '@payout/domain';
import { assertValidBatch, assertValidInstruction, isValidEndToEndId, type PaymentInstruction } from './bank-instruction.ts';

const i: PaymentInstruction = {
  endToEndId: 'E2E-2026-0001',
  payoutId: 'p1',
  amount: money(1n, 'EUR'),
  debtorAccount: { scheme: 'iban', accountNumber: 'DE89370400440532013000' },
  beneficiary: { name: 'Jane', account: { scheme: 'iban', accountNumber: 'FR1420041010050500013M02606' } },
  requestedExecutionDate: '2026-01-05',
};

describe('instruction checks before anything is sent', () => {
  it('accepts ISO 20022 end-to-end ids of 1–35 characters of the Latin set', () => {
    for (const ok of ['A', 'X'.repeat(35), "a/b-c?d:e(f).g,h'i+j k"]) expect(isValidEndToEndId(ok)).toBe(true);
    for (const bad of ['', 'X'.repeat(36), ' lead', 'trail ', 'a//b', 'ünï', 'a_b', '中文']) expect(isValidEndToEndId(bad)).toBe(false);
  });

  it('refuses non-positive amounts, a foreign currency, empty names and bad dates', () => {
    expect(() => assertValidInstruction(i, 'EUR')).not.toThrow();
    for (const bad of [
      { ...i, amount: money(0n, 'EUR') },
      { ...i, beneficiary: { ...i.beneficiary, name: '  ' } },
      { ...i, requestedExecutionDate: '05.01.2026' },
    ]) {
      expect(() => assertValidInstruction(bad, 'EUR')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_BANK_INSTRUCTION_INVALID' }));
    }
    expect(() => assertValidInstruction(i, 'CNY')).toThrow(/currency/);
  });

  it('refuses empty, oversized and self-duplicating batches', () => {
    expect(() => assertValidBatch([], 10)).toThrow();
    expect(() => assertValidBatch([i, { ...i, endToEndId: 'B' }], 1)).toThrow(/maximum/);
    expect(() => assertValidBatch([i, i], 10)).toThrow(/twice/);
  });
});
