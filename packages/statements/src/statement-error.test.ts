import { describe, expect, it } from 'vitest';
import { maskedExcerpt } from './statement-error.ts';

describe('maskedExcerpt', () => {
  it('masks account numbers and IBANs to their last four', () => {
    expect(maskedExcerpt(':25:NL20INGB0001234567')).toBe(':25:…4567');
    expect(maskedExcerpt(':25:6222021234567890123/CNY')).toBe(':25:…0123/CNY');
    expect(maskedExcerpt(':61:2603020302D1234,56NTRFNONREF')).not.toContain('2603020302');
  });
  it('keeps short numbers and words', () => {
    expect(maskedExcerpt(':28C:00012/1')).toBe(':28C:00012/1');
    expect(maskedExcerpt('EUR 100,00')).toBe('EUR 100,00');
  });
  it('quotes at most one line of at most 40 characters, control characters escaped', () => {
    const whole = `${':86:'.padEnd(200, 'x')}\r:25:NL20INGB0001234567\r:62F:C260302EUR1,00`;
    const e = maskedExcerpt(whole);
    expect(e.length).toBeLessThanOrEqual(41);
    expect(e.endsWith('…')).toBe(true);
    expect(e).not.toContain('1234567');
    expect(maskedExcerpt('\u0001:20:REF\u0003')).toBe('\\x01:20:REF\\x03');
  });
});
