import { describe, expect, it } from 'vitest';
import { maskRequest } from './mask-request.ts';
import { isSafeText } from './safe-text.ts';

describe('maskRequest', () => {
  it('masks account numbers at any depth and cuts what is too big', () => {
    const masked = maskRequest({
      payout: { beneficiary: { accountNumber: 'DE89370400440532013000', name: 'x'.repeat(500) }, iban: 'GB82WEST12345698765432' },
      list: [{ account_number: '123456789012' }],
      n: 12n,
    });
    const s = JSON.stringify(masked);
    expect(s).not.toContain('0532013000');
    expect(s).not.toContain('12345698765432');
    expect(s).not.toContain('56789012');
    expect(s).toContain('****3000');
    expect(s.length).toBeLessThan(600);
  });

  it('survives hostile shapes', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(JSON.stringify(maskRequest(deep))).toContain('[truncated]');
    expect(maskRequest(undefined)).toBe('[undefined]');
  });
});

describe('isSafeText', () => {
  it('accepts names in any script and refuses controls and invisible marks', () => {
    for (const ok of ['Ada Lovelace', '张三', 'Zoë O’Brien-Łukasz', 'Компания ООО', '😀 Café']) expect(isSafeText(ok)).toBe(true);
    for (const bad of ['a\nb', 'a\tb', 'a\u0000', 'a\u200bb', 'a\u202eb', 'a\ufeff', 'a\u0085', '\ud800'])
      expect(isSafeText(bad)).toBe(false);
  });
});
