import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { streamStatementBatches, writeCamt053, writeMt940, type WritableLine, type WritableStatement } from '@payout/statements';
import { defineCommand, readCommandLine } from '@payout/cli/args';
import { usageError, type DevCommand } from '../command.ts';

export type BenchFormat = 'camt053' | 'mt940';

export interface ParseBenchOptions {
  /** Entry counts to measure; the per-line cost ratio compares the largest with the smallest. Default 100 000 and 1 000 000. */
  readonly sizes?: readonly number[];
  readonly formats?: readonly BenchFormat[];
  /** Where the synthetic files go (a fresh folder under the OS temp dir by default); they are deleted afterwards unless `keepFiles`. */
  readonly dir?: string;
  readonly keepFiles?: boolean;
  readonly onProgress?: (line: string) => void;
}

export interface ParseBenchResult {
  readonly format: BenchFormat;
  readonly entries: number;
  readonly fileBytes: number;
  readonly writeSeconds: number;
  /** Wall-clock time of the parse. */
  readonly parseSeconds: number;
  /** CPU time (user + system) the process spent in the parse: steadier than wall time on a shared machine. */
  readonly cpuSeconds: number;
  readonly linesPerSecond: number;
  /** CPU microseconds per line; the ratio below compares these. */
  readonly microsecondsPerLine: number;
  /** Highest resident set size sampled while this file was parsed. */
  readonly peakRssBytes: number;
}

export interface ParseBenchReport {
  readonly results: readonly ParseBenchResult[];
  /** Per-line parse cost (CPU time) at the largest size ÷ at the smallest (target ≤ 1.3); wall-clock ratio alongside. */
  readonly ratios: readonly {
    readonly format: BenchFormat;
    readonly small: number;
    readonly large: number;
    readonly perLineCostRatio: number;
    readonly wallPerLineCostRatio: number;
  }[];
}

/**
 * The i-th synthetic payout line: deterministic, so a matching benchmark can generate the same
 * payouts (end-to-end id `PAYOUT-<i>`, UETR derived from i) and match them against the file.
 */
export function syntheticLine(i: number): WritableLine {
  const hex = i.toString(16).padStart(12, '0');
  return {
    amountMinor: BigInt(100 + ((i * 7919) % 2_500_000)),
    direction: i % 10 === 0 ? 'credit' : 'debit',
    bookingDate: '2026-03-02',
    valueDate: '2026-03-02',
    endToEndId: `PAYOUT-${i}`,
    uetr: `7d3f1c2a-5b6e-4a8d-9c0f-${hex}`,
    bankReference: `B${String(i).padStart(12, '0')}`,
    counterparty: { name: `Creditor ${i % 5000}`, account: 'NL91ABNA0417164300' },
    remittanceInfo: `Payout ${i} invoice ${(i * 31) % 100000}`,
  };
}

function* syntheticLines(n: number): Generator<WritableLine> {
  for (let i = 0; i < n; i++) yield syntheticLine(i);
}

/** A statement whose balances agree with `syntheticLines(n)`. */
export function syntheticStatement(n: number): WritableStatement {
  let net = 0n;
  for (const l of syntheticLines(n)) net += l.direction === 'credit' ? l.amountMinor : -l.amountMinor;
  const opening = 10n ** 13n;
  return {
    messageId: `BENCH-${n}`,
    statementId: `BENCH-${n}`,
    account: { id: 'NL20INGB0001234567', scheme: 'iban' },
    currency: 'EUR',
    sequence: '1',
    creationDateTime: '2026-03-02T18:00:00+01:00',
    openingBalance: { amountMinor: opening, date: '2026-02-27' },
    closingBalance: { amountMinor: opening + net, date: '2026-03-02' },
  };
}

/** Write the synthetic file for `format` with `n` entries, streamed (never whole in memory). */
export async function writeSyntheticStatement(format: BenchFormat, n: number, path: string): Promise<void> {
  const statement = syntheticStatement(n);
  const chunks =
    format === 'camt053' ? writeCamt053(statement, syntheticLines(n), { version: 8 }) : writeMt940(statement, syntheticLines(n));
  await pipeline(Readable.from(batch(chunks)), createWriteStream(path));
}

/** Group small chunks so the file stream is not called once per entry. */
function* batch(chunks: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const c of chunks) {
    parts.push(c);
    size += c.length;
    if (size >= 1 << 16) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

/** Parse a file from disk and measure it; checks the count and the continuity so a fast wrong parse cannot pass. */
export async function measureParse(
  format: BenchFormat,
  path: string,
  expectedEntries: number,
): Promise<Omit<ParseBenchResult, 'writeSeconds' | 'fileBytes'>> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage.rss();
  let lines = 0;
  let continuous = false;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for await (const batch of streamStatementBatches(createReadStream(path, { highWaterMark: 1 << 16 }), { format, keepRaw: true })) {
    for (const e of batch) {
      if (e.kind === 'line') lines++;
      else if (e.kind === 'end') continuous = e.continuity.kind === 'ok';
    }
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  peak = Math.max(peak, process.memoryUsage.rss());
  if (lines !== expectedEntries || !continuous) {
    throw new Error(
      `benchmark parse of ${path} gave ${lines} lines (expected ${expectedEntries}), continuity ${continuous ? 'ok' : 'broken'}`,
    );
  }
  return {
    format,
    entries: lines,
    parseSeconds: seconds,
    cpuSeconds,
    linesPerSecond: lines / seconds,
    microsecondsPerLine: (cpuSeconds * 1e6) / lines,
    peakRssBytes: peak,
  };
}

/**
 * Generate synthetic camt.053 and MT940 files of each size into a temp folder, parse each from
 * disk through the streaming API and report lines/s, peak RSS and the per-line cost ratio.
 * A small warm-up parse per format runs first so JIT compilation does not flatter the large run.
 */
export async function runParseBenchmark(options: ParseBenchOptions = {}): Promise<ParseBenchReport> {
  const sizes = [...(options.sizes ?? [100_000, 1_000_000])].sort((a, b) => a - b);
  const formats = options.formats ?? ['camt053', 'mt940'];
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'payout-bench-parse-')));
  const progress = options.onProgress ?? (() => undefined);
  const results: ParseBenchResult[] = [];
  try {
    for (const format of formats) {
      const warm = join(dir, `warmup.${format}`);
      await writeSyntheticStatement(format, 20_000, warm);
      await measureParse(format, warm, 20_000);
      await rm(warm, { force: true });
      for (const n of sizes) {
        const path = join(dir, `synthetic-${n}.${format === 'camt053' ? 'xml' : 'sta'}`);
        progress(`writing ${format} with ${n} entries to ${path}`);
        const w = performance.now();
        await writeSyntheticStatement(format, n, path);
        const writeSeconds = (performance.now() - w) / 1000;
        const fileBytes = (await stat(path)).size;
        progress(`parsing ${format} ${n} entries (${(fileBytes / 1e6).toFixed(0)} MB)`);
        const r = { ...(await measureParse(format, path, n)), writeSeconds, fileBytes };
        results.push(r);
        progress(formatResult(r));
        if (options.keepFiles !== true) await rm(path, { force: true });
      }
    }
  } finally {
    if (options.dir === undefined && options.keepFiles !== true) await rm(dir, { recursive: true, force: true });
  }
  const ratios = formats.flatMap((format) => {
    const mine = results.filter((r) => r.format === format);
    const small = mine[0];
    const large = mine.at(-1);
    if (small === undefined || large === undefined || small === large) return [];
    return [
      {
        format,
        small: small.entries,
        large: large.entries,
        perLineCostRatio: large.microsecondsPerLine / small.microsecondsPerLine,
        wallPerLineCostRatio: large.parseSeconds / large.entries / (small.parseSeconds / small.entries),
      },
    ];
  });
  return { results, ratios };
}

function formatResult(r: ParseBenchResult): string {
  return `${r.format.padEnd(8)} ${String(r.entries).padStart(9)} entries  ${(r.fileBytes / 1e6).toFixed(0).padStart(5)} MB  parse ${r.parseSeconds.toFixed(2).padStart(6)} s (cpu ${r.cpuSeconds.toFixed(2).padStart(6)} s)  ${Math.round(r.linesPerSecond).toLocaleString('en-US').padStart(9)} lines/s  ${r.microsecondsPerLine.toFixed(2).padStart(6)} cpu µs/line  peak RSS ${(r.peakRssBytes / 1048576).toFixed(0).padStart(4)} MiB`;
}

export function formatParseBenchmark(report: ParseBenchReport): string[] {
  return [
    ...report.results.map(formatResult),
    ...report.ratios.map(
      (r) =>
        `${r.format}: per-line cost at ${r.large.toLocaleString('en-US')} ÷ at ${r.small.toLocaleString('en-US')} = ${r.perLineCostRatio.toFixed(2)} cpu, ${r.wallPerLineCostRatio.toFixed(2)} wall (target ≤ 1.30)${r.perLineCostRatio <= 1.3 ? '' : '  ← over target'}`,
    ),
  ];
}

/** `./dev bench parse`: its forms and options (`--help` prints them). */
export const BENCH_PARSE_SPEC = defineCommand({
  usage: [
    'usage: ./dev bench parse [--sizes 100000,1000000] [--formats camt053,mt940] [--json]',
    '  Streaming statement parse alone: entries, MB, lines/s, CPU µs per line, peak RSS per size.',
  ].join('\n'),
  options: {
    sizes: {
      type: 'string',
      value: 'N,N',
      description: 'entry counts per file, comma-separated positive integers (default 100000,1000000)',
    },
    formats: { type: 'string', value: 'F,F', description: 'statement formats, camt053 and/or mt940, comma-separated (default both)' },
    json: { type: 'boolean', description: 'print the report as JSON (no progress lines)' },
  },
});

/** `./dev bench parse [--sizes 100000,1000000] [--formats camt053,mt940] [--json]` */
export const benchParseCommand: DevCommand = async (argv, io) => {
  const parsed = readCommandLine(BENCH_PARSE_SPEC, argv, io, 'run ./dev bench parse --help');
  if (typeof parsed === 'number') return parsed;
  const sizes = parsed.values.sizes?.split(',').map(Number);
  const formats = parsed.values.formats?.split(',') as BenchFormat[] | undefined;
  const json = parsed.values.json === true;
  if (sizes?.some((n) => !Number.isInteger(n) || n < 1) === true || formats?.some((f) => f !== 'camt053' && f !== 'mt940') === true) {
    return usageError(io, '--sizes takes positive integers, --formats camt053 and/or mt940');
  }
  const report = await runParseBenchmark({
    ...(sizes === undefined ? {} : { sizes }),
    ...(formats === undefined ? {} : { formats }),
    ...(json ? {} : { onProgress: (l: string) => io.stderr(l) }),
  });
  if (json) io.stdout(JSON.stringify(report));
  else for (const l of formatParseBenchmark(report)) io.stdout(l);
  return 0;
};
