import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './keyset-cursor.ts';

describe('keyset cursor', () => {
  it('round-trips', () => {
    const p = { createdAt: '2026-11-25T10:00:00.123456Z', id: '01901234-5678-7abc-8def-0123456789ab' };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
  });

  it('refuses anything it did not make', () => {
    for (const bad of ['', 'x', '!!!', Buffer.from('2026|x').toString('base64url'), 'a'.repeat(500)]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const d = decodeCursor(s);
        if (d !== undefined) expect(encodeCursor(d)).toBe(s.replace(/=+$/, ''));
      }),
      { numRuns: 300 },
    );
  });
});
