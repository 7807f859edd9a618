import { isValidEndToEndId } from '@payout/bank';
import { describe, expect, it } from 'vitest';
import { newEndToEndId } from './end-to-end-id.ts';

describe('newEndToEndId', () => {
  it('is at most 35 characters every bank accepts, and never repeats', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const id = newEndToEndId(1_795_000_000_000 + (i % 3));
      expect(id.length).toBeLessThanOrEqual(35);
      expect(id).toMatch(/^P[0-9A-Z]{28}$/);
      expect(isValidEndToEndId(id)).toBe(true);
      ids.add(id);
    }
    expect(ids.size).toBe(5_000);
  });
});
