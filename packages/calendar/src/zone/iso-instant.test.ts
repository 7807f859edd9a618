import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from './iso-instant.ts';

const iso = (d: Date): string => d.toISOString();

describe('parseIsoInstant', () => {
  it('reads instants with offsets and refuses anything without one', () => {
    expect(iso(parseIsoInstant('2026-09-30T17:30+08:00'))).toBe('2026-09-30T09:30:00.000Z');
    expect(iso(parseIsoInstant('2026-03-09T16:45:00-04:00'))).toBe('2026-03-09T20:45:00.000Z');
    expect(iso(parseIsoInstant('2026-03-09T20:45:00.5Z'))).toBe('2026-03-09T20:45:00.500Z');
    for (const bad of [
      '2026-09-30T17:30',
      '2026-09-30 17:30+08:00',
      '2026-02-30T10:00Z',
      '2026-09-30T24:00Z',
      '2026-09-30T17:30+8',
      '2026-09-30T17:30+24:00',
      42,
    ]) {
      expect(() => parseIsoInstant(bad), String(bad)).toThrow(expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' }));
    }
  });
});
