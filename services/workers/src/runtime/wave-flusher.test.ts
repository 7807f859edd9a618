import { describe, expect, it } from 'vitest';
import { WaveFlusher } from './wave-flusher.ts';

describe('WaveFlusher', () => {
  it('groups what arrives within the wait into one wave and drains the rest', async () => {
    const waves: number[][] = [];
    const f = new WaveFlusher<number>(async (items) => {
      waves.push(items);
    }, 20);
    f.add([1, 2]);
    f.add([3]);
    await new Promise((r) => setTimeout(r, 40));
    f.add([4]);
    await f.drain();
    expect(waves).toEqual([[1, 2, 3], [4]]);
  });

  it('reports a failed wave after all waves settled', async () => {
    const seen: number[] = [];
    const f = new WaveFlusher<number>(async (items) => {
      if (items.includes(1)) throw new Error('boom');
      seen.push(...items);
    }, 5);
    f.add([1]);
    await new Promise((r) => setTimeout(r, 15));
    f.add([2]);
    await expect(f.drain()).rejects.toThrow('boom');
    expect(seen).toEqual([2]);
  });
});
