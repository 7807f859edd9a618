import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticStatement } from './bench-parse.ts';
import { formatVerifyBenchmark, measureVerify } from './bench-verify.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-verify-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bench verify scenario', () => {
  it.each(['camt053', 'mt940'] as const)('%s: every unresolved payout resolves succeeded and only the debits of nobody are exceptions', async (format) => {
    const path = join(dir, `bench-${format}`);
    await writeSyntheticStatement(format, 3_000, path);
    const r = await measureVerify(format, path, 3_000, 0.1);
    // 3,000 lines: 300 credits, 3 debits matching nobody, 10 % of the rest's hundreds still unresolved.
    expect(r).toMatchObject({ lines: 3_000, unresolved: 270, outcomes: { succeeded: 270 }, exceptions: 3 });
    expect(r.cpuSeconds).toBeGreaterThan(0);
    expect(r.peakRssBytes).toBeGreaterThan(0);
  });

  it('flags a run over the target and reports both per-line ratios', () => {
    const base = { format: 'camt053' as const, fileBytes: 1, unresolved: 1, parseMatchSeconds: 1, resolveSeconds: 0, outcomes: {}, exceptions: 0 };
    const lines = formatVerifyBenchmark({
      results: [
        { ...base, lines: 100_000, totalSeconds: 2, cpuSeconds: 2, linesPerSecond: 50_000, microsecondsPerLine: 20, peakRssBytes: 100 * 1048576 },
        { ...base, lines: 1_000_000, totalSeconds: 30, cpuSeconds: 20, linesPerSecond: 33_333, microsecondsPerLine: 30, peakRssBytes: 400 * 1048576 },
      ],
      ratios: [{ format: 'camt053', small: 100_000, large: 1_000_000, perLineCostRatio: 1.5, cpuPerLineCostRatio: 1 }],
    });
    expect(lines[1]).toContain('over the 20 s / 500 MiB target');
    expect(lines[2]).toContain('1.50 wall, 1.00 cpu');
    expect(lines[2]).toContain('over target');
  });
});
