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
  it.each(['camt053', 'mt940'] as const)(
    '%s: every unresolved payout resolves succeeded and only the debits of nobody are exceptions',
    async (format) => {
      const path = join(dir, `bench-${format}`);
      await writeSyntheticStatement(format, 3_000, path);
      const r = await measureVerify(format, path, 3_000, 0.1);
      // 3,000 lines: 300 credits, 3 debits matching nobody, 10 % of the rest's hundreds still unresolved.
      expect(r).toMatchObject({ lines: 3_000, unresolved: 270, outcomes: { succeeded: 270 }, exceptions: 3 });
      expect(r.cpuSeconds).toBeGreaterThan(0);
      expect(r.peakRssBytes).toBeGreaterThan(0);
    },
  );

  it('says for each target whether it is met, with CPU seconds and the load average beside the wall time', () => {
    const base = {
      format: 'camt053' as const,
      fileBytes: 1,
      unresolved: 1,
      parseMatchSeconds: 1,
      resolveSeconds: 0,
      outcomes: {},
      exceptions: 0,
    };
    const load = { mean: 3.2, max: 4.5 };
    const lines = formatVerifyBenchmark({
      results: [
        {
          ...base,
          lines: 100_000,
          totalSeconds: 2,
          cpuSeconds: 2,
          linesPerSecond: 50_000,
          microsecondsPerLine: 20,
          peakRssBytes: 100e6,
          load,
        },
        {
          ...base,
          lines: 1_000_000,
          totalSeconds: 30,
          cpuSeconds: 19.5,
          linesPerSecond: 33_333,
          microsecondsPerLine: 30,
          peakRssBytes: 501e6,
          load,
          postgresIngestSeconds: 19.9,
          postgresIngestCpuSeconds: 15,
          postgresServerCpuSeconds: 11,
          postgresLoad: load,
        },
        {
          ...base,
          format: 'mt940',
          lines: 1_000_000,
          totalSeconds: 5,
          cpuSeconds: 5,
          linesPerSecond: 200_000,
          microsecondsPerLine: 5,
          peakRssBytes: 300e6,
          postgresIngestSeconds: 21,
        },
      ],
      ratios: [
        { format: 'camt053', small: 100_000, large: 1_000_000, perLineCostRatio: 1.5, cpuPerLineCostRatio: 0.98 },
        { format: 'mt940', small: 100_000, large: 1_000_000, perLineCostRatio: 1.3, cpuPerLineCostRatio: 1.1 },
      ],
    });
    const text = lines.join('\n');
    expect(text).toContain('camt053 1,000,000: parse+match+resolve 30.00 s (target ≤ 20 s: NOT met; cpu 19.50 s, load avg 3.2 (max 4.5)');
    expect(text).toContain('peak RSS 501 MB (≤ 500 MB: NOT met)');
    expect(text).toContain(
      'camt053 1,000,000: Postgres ingest 19.90 s (≤ 20 s: met; node cpu 15.00 s, postgres backend cpu 11.00 s, load avg 3.2',
    );
    expect(text).toContain('mt940 1,000,000: Postgres ingest 21.00 s (≤ 20 s: NOT met');
    expect(text).toContain('camt053: per-line cost 1M/100k = 1.50 (≤ 1.3: NOT met; cpu ratio 0.98)');
    expect(text).toContain('mt940: per-line cost 1M/100k = 1.30 (≤ 1.3: met; cpu ratio 1.10)');
    expect(lines.at(-1)).toBe(
      'targets: in memory (camt053 1M time + RSS, per-line ratios) NOT met; Postgres ingestion of 1M lines NOT met',
    );
  });

  it('says met when every target is', () => {
    const r = {
      format: 'camt053' as const,
      fileBytes: 1,
      unresolved: 1,
      parseMatchSeconds: 1,
      resolveSeconds: 0,
      outcomes: {},
      exceptions: 0,
    };
    const lines = formatVerifyBenchmark({
      results: [
        {
          ...r,
          lines: 1_000_000,
          totalSeconds: 19,
          cpuSeconds: 19,
          linesPerSecond: 1,
          microsecondsPerLine: 19,
          peakRssBytes: 499e6,
          postgresIngestSeconds: 18,
        },
      ],
      ratios: [{ format: 'camt053', small: 100_000, large: 1_000_000, perLineCostRatio: 1.1, cpuPerLineCostRatio: 1 }],
    });
    expect(lines.at(-1)).toBe('targets: in memory (camt053 1M time + RSS, per-line ratios) met; Postgres ingestion of 1M lines met');
  });
});
