import { describe, expect, it } from 'vitest';
import { statementLedgerId } from './statement-ledger.ts';

describe('statementLedgerId', () => {
  it('qualifies the bank’s statement id with its date, within the ledger’s id rules', () => {
    expect(statementLedgerId('2026-09-30', 'STMT-0930')).toBe('2026-09-30/STMT-0930');
    expect(statementLedgerId('2026-09-30', 'A|B')).toBe('2026-09-30/A_B');
    const long = statementLedgerId('2026-09-30', 'X'.repeat(140));
    expect(long.length).toBeLessThanOrEqual(128);
    expect(long).toMatch(/^2026-09-30\/sha256:[0-9a-f]{64}$/);
    expect(statementLedgerId('2026-09-30', 'X'.repeat(140))).toBe(long);
  });
});
