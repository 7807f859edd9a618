import { describe, expect, it } from 'vitest';
import { createMicroBatcher, type Settled } from './micro-batcher.ts';

describe('micro-batcher', () => {
  it('groups items submitted together and answers each in order', async () => {
    const batches: number[][] = [];
    const b = createMicroBatcher<number, number>({
      run: (items) => {
        batches.push([...items]);
        return Promise.resolve(
          items.map((i): Settled<number> => (i % 5 === 0 ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i * 10 })),
        );
      },
      maxBatchSize: 50,
      maxConcurrent: 1,
    });
    const out = await Promise.allSettled(Array.from({ length: 120 }, (_, i) => b.submit(i + 1)));
    out.forEach((o, i) => {
      const n = i + 1;
      if (n % 5 === 0) expect(o.status === 'rejected' && (o.reason as Error).message).toBe(`bad ${n}`);
      else expect(o).toEqual({ status: 'fulfilled', value: n * 10 });
    });
    expect(batches.map((x) => x.length)).toEqual([50, 50, 20]);
    await b.close();
  });

  it('sends a lone item at once and caps concurrent batches', async () => {
    let running = 0;
    let peak = 0;
    const b = createMicroBatcher<number, number>({
      run: async (items) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return items.map((v) => ({ ok: true, value: v }));
      },
      maxBatchSize: 3,
      maxConcurrent: 2,
    });
    expect(await b.submit(7)).toBe(7);
    await Promise.all(Array.from({ length: 20 }, (_, i) => b.submit(i)));
    expect(peak).toBeLessThanOrEqual(2);
    await b.close();
  });

  it('fails the whole batch when run throws, and refuses items after close', async () => {
    const b = createMicroBatcher<number, number>({ run: () => Promise.reject(new Error('db down')) });
    await expect(Promise.all([b.submit(1), b.submit(2)])).rejects.toThrow('db down');
    await b.close();
    await expect(b.submit(3)).rejects.toThrow('closed');
  });

  it('close waits for running batches', async () => {
    let finished = false;
    const b = createMicroBatcher<number, number>({
      run: async (items) => {
        await new Promise((r) => setTimeout(r, 20));
        finished = true;
        return items.map((v) => ({ ok: true, value: v }));
      },
    });
    const p = b.submit(1);
    await new Promise((r) => setImmediate(r));
    await b.close();
    expect(finished).toBe(true);
    expect(await p).toBe(1);
  });
});
