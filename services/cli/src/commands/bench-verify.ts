import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDb, ingestStatementFile, migrateToLatest, type Db } from '@payout/db';
import { startPostgresServer } from '@payout/test-harness';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamStatementBatches, streamStatementFile, type StatementHeader } from '@payout/statements';
import {
  StatementMatcher,
  assessPeriod,
  resolveAttempt,
  type AttemptCoverage,
  type StoredStatement,
  type UnresolvedAttempt,
  type VerifyLine,
} from '@payout/workers/verify';
import { syntheticLine, writeSyntheticStatement, type BenchFormat } from './bench-parse.ts';

const ACCOUNT = 'NL20INGB0001234567';
const COUNTERPARTY = 'NL91ABNA0417164300';
const SENT_ON = '2026-03-02';
/** 1 MiB reads: a third of the system time of 64 KiB ones; the parser decodes and scans them in 64 KiB pieces. */
const READ_CHUNK_BYTES = 1 << 20;

export interface VerifyBenchOptions {
  /** Statement lines per file (default 100 000 and 1 000 000). */
  readonly sizes?: readonly number[];
  readonly formats?: readonly BenchFormat[];
  /** Share of the payout debits whose payout is still unresolved (awaiting verification); the rest are already known. Default 0.10. */
  readonly unresolvedShare?: number;
  readonly dir?: string;
  /** Also measure ingestion of each file into a throwaway local Postgres (parse + COPY, links by end-to-end id, one transaction). Default true. */
  readonly postgres?: boolean;
  readonly onProgress?: (line: string) => void;
}

export interface VerifyBenchResult {
  readonly format: BenchFormat;
  readonly lines: number;
  readonly fileBytes: number;
  readonly unresolved: number;
  readonly parseMatchSeconds: number;
  readonly resolveSeconds: number;
  readonly totalSeconds: number;
  /** CPU time (user + system) of the measured part: less sensitive than wall time to other load on the machine. */
  readonly cpuSeconds: number;
  readonly linesPerSecond: number;
  readonly microsecondsPerLine: number;
  readonly peakRssBytes: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly exceptions: number;
  /** Seconds to ingest the file into Postgres (parse with raw text + COPY, one transaction), when measured. */
  readonly postgresIngestSeconds?: number | undefined;
  /** CPU seconds this process spent on that ingestion (the Postgres server's own CPU is not counted). */
  readonly postgresIngestCpuSeconds?: number | undefined;
}

export interface VerifyBenchReport {
  readonly results: readonly VerifyBenchResult[];
  /** Wall time per line at the largest size ÷ at the smallest (the target), and the same for CPU time (steadier on a shared machine). */
  readonly ratios: readonly {
    readonly format: BenchFormat;
    readonly small: number;
    readonly large: number;
    readonly perLineCostRatio: number;
    readonly cpuPerLineCostRatio: number;
  }[];
}

/** Deterministic scenario: which synthetic lines are payouts still awaiting verification, which are known, which nobody's. */
function roleOf(i: number, share: number): 'credit' | 'unresolved' | 'known' | 'nobody' {
  if (i % 10 === 0) return 'credit';
  if (i % 1000 === 999) return 'nobody';
  return (i % 100) / 100 < share ? 'unresolved' : 'known';
}

function unresolvedAttempt(i: number): UnresolvedAttempt {
  const l = syntheticLine(i);
  return {
    attemptId: `A${i}`,
    payoutId: `P${i}`,
    payoutStatus: 'awaiting_verification',
    attemptState: 'unknown',
    bankId: 'bench-bank',
    endToEndId: `PAYOUT-${i}`,
    uetr: undefined,
    bankReference: undefined,
    amount: { amountMinor: l.amountMinor, currency: 'EUR' },
    debtorAccount: ACCOUNT,
    beneficiaryAccount: COUNTERPARTY,
    beneficiaryName: undefined,
    sentOn: SENT_ON,
  };
}

/**
 * One measured run: stream-parse the file, turn each line into what matching sees (the known
 * attempts' facts stand in for the link ingestion makes in Postgres), match every line, then
 * resolve every unresolved attempt against the statement period. Checks the outcome so a fast
 * wrong run cannot pass.
 */
export async function measureVerify(format: BenchFormat, path: string, n: number, share: number): Promise<Omit<VerifyBenchResult, 'fileBytes'>> {
  const attempts: UnresolvedAttempt[] = [];
  for (let i = 0; i < n; i++) if (roleOf(i, share) === 'unresolved') attempts.push(unresolvedAttempt(i));
  // In production a line's known attempt comes with its row (ingestion linked it in Postgres);
  // here it is read off the synthetic id, not from a set of every known id held in memory.
  const isKnown = (e2e: string): boolean => e2e.startsWith('PAYOUT-') && roleOf(Number(e2e.slice(7)), share) === 'known';
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage.rss();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const matcher = new StatementMatcher(attempts, { windowDays: 5 });
  const statements: StoredStatement[] = [];
  let lineNo = 0;
  let statementRowId = 's0';
  let batches = 0;
  for await (const batch of streamStatementBatches(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), { format, keepRaw: false })) {
    for (const e of batch) {
      if (e.kind === 'line') {
        const l = e.line;
        const e2e = l.endToEndId;
        const line: VerifyLine = {
          lineId: String(lineNo++),
          statementRowId,
          accountId: ACCOUNT,
          currency: l.currency,
          amountMinor: l.amountMinor,
          direction: l.direction,
          reversal: l.reversal,
          status: l.status,
          bookingDate: l.bookingDate,
          valueDate: l.valueDate,
          endToEndId: e2e,
          uetr: l.uetr,
          bankReference: l.bankReference,
          counterpartyAccount: l.counterparty?.account,
          counterpartyName: l.counterparty?.name,
          returnCode: l.returnReason?.code,
          isReturn: l.returnReason !== undefined,
          knownAttempt:
            e2e !== undefined && isKnown(e2e)
              ? { attemptId: e2e, payoutId: e2e, attemptState: 'succeeded', payoutStatus: 'succeeded', amount: { amountMinor: l.amountMinor, currency: l.currency } }
              : undefined,
        };
        matcher.add(line);
      } else if (e.kind === 'begin') {
        statementRowId = `s${e.header.index}`;
      } else if (e.kind === 'end') {
        statements.push(stored(statementRowId, e.header, e.continuity.kind === 'ok'));
      }
    }
    // Every 16th batch (1 MiB of text): reading the RSS is a system call, not free at 11,000 batches.
    if ((++batches & 15) === 0) peak = Math.max(peak, process.memoryUsage.rss());
  }
  const match = matcher.finish();
  const parsed = performance.now();
  peak = Math.max(peak, process.memoryUsage.rss());

  const outcomes: Record<string, number> = {};
  const coverageBySentOn = new Map<string, AttemptCoverage>();
  for (const a of attempts) {
    let coverage = coverageBySentOn.get(a.sentOn);
    if (coverage === undefined) {
      const period = (through: string) => assessPeriod(statements, { accountId: ACCOUNT, currency: 'EUR', from: a.sentOn, through, availableThrough: SENT_ON });
      coverage = { sendDay: period(a.sentOn), throughDayAfter: period('2026-03-03') };
      coverageBySentOn.set(a.sentOn, coverage);
    }
    const r = resolveAttempt({ attempt: a, match: match.byAttempt.get(a.attemptId) ?? { kind: 'none' }, coverage, verdict: { kind: 'not_asked' }, canDefer: true });
    outcomes[r.kind] = (outcomes[r.kind] ?? 0) + 1;
  }
  const done = performance.now();
  const cpuUsed = process.cpuUsage(cpu);
  peak = Math.max(peak, process.memoryUsage.rss());

  let expectedNobody = 0;
  for (let i = 0; i < n; i++) if (roleOf(i, share) === 'nobody') expectedNobody++;
  if (lineNo !== n || outcomes['succeeded'] !== attempts.length || match.exceptions.length !== expectedNobody) {
    throw new Error(
      `verify benchmark on ${path}: ${lineNo} lines (expected ${n}), ${outcomes['succeeded'] ?? 0} of ${attempts.length} resolved succeeded, ${match.exceptions.length} exceptions (expected ${expectedNobody})`,
    );
  }
  const totalSeconds = (done - started) / 1000;
  return {
    format,
    lines: n,
    unresolved: attempts.length,
    parseMatchSeconds: (parsed - started) / 1000,
    resolveSeconds: (done - parsed) / 1000,
    totalSeconds,
    cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6,
    linesPerSecond: n / totalSeconds,
    microsecondsPerLine: (totalSeconds * 1e6) / n,
    peakRssBytes: peak,
    outcomes,
    exceptions: match.exceptions.length,
  };
}

/** Each run in its own process (with --expose-gc): RSS never shrinks, so a shared process would report the largest run's peak for all. */
async function measureInChild(format: BenchFormat, path: string, n: number, share: number, warmPath: string): Promise<Omit<VerifyBenchResult, 'fileBytes'>> {
  const child = fileURLToPath(new URL('./bench-verify.child.ts', import.meta.url));
  const args = ['--expose-gc', child, format, path, String(n), String(share), warmPath, '20000'];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Omit<VerifyBenchResult, 'fileBytes'>;
}

/** Ingest the file the way the CLI does (sha-256 pass, then parse + COPY in one transaction); seconds and this process's CPU seconds for the second part. */
async function measurePostgresIngest(db: Db, format: BenchFormat, path: string, byteSize: number, lines: number): Promise<{ seconds: number; cpuSeconds: number }> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), hash);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const r = await ingestStatementFile(db, {
    bankId: `bench-${format}-${byteSize}`,
    source: 'cli',
    actor: 'bench',
    contentSha256: hash.digest('hex'),
    byteSize,
    events: streamStatementFile(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), { format }),
  });
  if (r.kind !== 'ingested' || r.lineCount !== lines) throw new Error(`benchmark ingestion of ${path} was not stored whole (${r.kind})`);
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

function stored(id: string, h: StatementHeader, balanced: boolean): StoredStatement {
  return {
    statementRowId: id,
    accountId: ACCOUNT,
    currency: h.currency,
    statementId: h.statementId,
    statementDate: h.closingBalance?.date ?? SENT_ON,
    electronicSequence: h.sequence.electronic,
    legalSequence: h.sequence.legal,
    page: h.sequence.page,
    lastPage: h.sequence.lastPage,
    openingMinor: h.openingBalance?.amountMinor,
    closingMinor: h.closingBalance?.amountMinor,
    balanceCheck: balanced ? 'ok' : 'mismatch',
  };
}

/** Generate camt.053 and MT940 files of each size, then measure parse + match + resolve on each. */
export async function runVerifyBenchmark(options: VerifyBenchOptions = {}): Promise<VerifyBenchReport> {
  const sizes = [...(options.sizes ?? [100_000, 1_000_000])].sort((a, b) => a - b);
  const formats = options.formats ?? ['camt053', 'mt940'];
  const share = options.unresolvedShare ?? 0.1;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'payout-bench-verify-')));
  const progress = options.onProgress ?? (() => undefined);
  const results: VerifyBenchResult[] = [];
  const pg = options.postgres === false ? undefined : await startPostgresServer();
  const db = pg === undefined ? undefined : createDb({ url: pg.url, maxConnections: 2, statementTimeoutMs: 3_600_000, applicationName: 'bench-verify' });
  if (db !== undefined) await migrateToLatest(db);
  try {
    for (const format of formats) {
      const warm = join(dir, `warmup.${format}`);
      await writeSyntheticStatement(format, 20_000, warm);
      await measureVerify(format, warm, 20_000, share);
      for (const n of sizes) {
        const path = join(dir, `verify-${n}.${format === 'camt053' ? 'xml' : 'sta'}`);
        progress(`writing ${format} with ${n.toLocaleString('en-US')} lines`);
        await writeSyntheticStatement(format, n, path);
        const fileBytes = (await stat(path)).size;
        progress(`verifying ${format} ${n.toLocaleString('en-US')} lines (${(fileBytes / 1e6).toFixed(0)} MB)`);
        const measured = { ...(await measureInChild(format, path, n, share, warm)), fileBytes };
        let r: VerifyBenchResult = measured;
        if (db !== undefined) {
          progress(`ingesting ${format} ${n.toLocaleString('en-US')} lines into Postgres`);
          const ingest = await measurePostgresIngest(db, format, path, fileBytes, n);
          r = { ...measured, postgresIngestSeconds: ingest.seconds, postgresIngestCpuSeconds: ingest.cpuSeconds };
        }
        results.push(r);
        progress(formatVerifyResult(r));
        await rm(path, { force: true });
      }
      await rm(warm, { force: true });
    }
  } finally {
    if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
    await db?.destroy();
    await pg?.dispose();
  }
  const ratios = formats.flatMap((format) => {
    const mine = results.filter((r) => r.format === format);
    const small = mine[0];
    const large = mine.at(-1);
    if (small === undefined || large === undefined || small === large) return [];
    return [
      {
        format,
        small: small.lines,
        large: large.lines,
        perLineCostRatio: large.microsecondsPerLine / small.microsecondsPerLine,
        cpuPerLineCostRatio: large.cpuSeconds / large.lines / (small.cpuSeconds / small.lines),
      },
    ];
  });
  return { results, ratios };
}

export function formatVerifyResult(r: VerifyBenchResult): string {
  return (
    `${r.format.padEnd(8)} ${r.lines.toLocaleString('en-US').padStart(9)} lines ${(r.fileBytes / 1e6).toFixed(0).padStart(5)} MB  ` +
    `parse+match ${r.parseMatchSeconds.toFixed(2).padStart(6)} s  resolve ${r.resolveSeconds.toFixed(2).padStart(5)} s  total ${r.totalSeconds.toFixed(2).padStart(6)} s (cpu ${r.cpuSeconds.toFixed(2)} s)  ` +
    `${Math.round(r.linesPerSecond).toLocaleString('en-US').padStart(9)} lines/s  ${r.microsecondsPerLine.toFixed(2).padStart(6)} µs/line  ` +
    `peak RSS ${(r.peakRssBytes / 1048576).toFixed(0).padStart(4)} MiB  resolved ${r.unresolved.toLocaleString('en-US')} (${Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}), exceptions ${r.exceptions}` +
    (r.postgresIngestSeconds === undefined
      ? ''
      : `  | Postgres ingest ${r.postgresIngestSeconds.toFixed(2)} s (node cpu ${(r.postgresIngestCpuSeconds ?? 0).toFixed(2)} s, ${Math.round(r.lines / r.postgresIngestSeconds).toLocaleString('en-US')} lines/s)`)
  );
}

export function formatVerifyBenchmark(report: VerifyBenchReport): string[] {
  const within = (r: VerifyBenchResult): string => (r.totalSeconds <= 20 && r.peakRssBytes <= 500 * 1048576 ? 'within 20 s / 500 MiB' : '← over the 20 s / 500 MiB target');
  return [
    ...report.results.map((r) => `${formatVerifyResult(r)}  ${r.lines >= 1_000_000 ? within(r) : ''}`.trimEnd()),
    ...report.ratios.map(
      (r) =>
        `${r.format}: per-line cost at ${r.large.toLocaleString('en-US')} ÷ at ${r.small.toLocaleString('en-US')} = ${r.perLineCostRatio.toFixed(2)} wall, ` +
        `${r.cpuPerLineCostRatio.toFixed(2)} cpu (target ≤ 1.30)${r.perLineCostRatio <= 1.3 ? '' : '  ← over target'}`,
    ),
  ];
}
