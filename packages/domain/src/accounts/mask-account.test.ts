import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAccount } from './mask-account.ts';

describe('maskAccount', () => {
  it('keeps only the last 4 characters', () => {
    expect(maskAccount('DE89370400440532013000')).toBe('****3000');
    expect(maskAccount('DE89 3704 0044 0532 0130 00')).toBe('****3000');
    expect(maskAccount('6222021234567890128')).toBe('****0128');
    expect(maskAccount('31926819')).toBe('****6819');
  });

  it('masks short inputs fully', () => {
    for (const s of ['', '1', '1234', '1234567']) expect(maskAccount(s)).toBe('****');
    expect(maskAccount(undefined as unknown as string)).toBe('****');
  });

  it('property: never shows more than the last 4 characters, never the length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{0,34}$/), (account) => {
        const masked = maskAccount(account);
        const visible = masked.replace(/^\*+/, '');
        expect(visible.length).toBeLessThanOrEqual(4);
        expect(masked.length).toBeLessThanOrEqual(8);
        if (account.length >= 8) expect(visible).toBe(account.slice(-4));
        else expect(masked).toBe('****');
        if (account.length > 4) expect(masked).not.toContain(account.slice(0, account.length - 4));
      }),
      { numRuns: 500 },
    );
  });
});
