import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDb, ingestStatementFile, migrateToLatest, type Db } from '@payout/db';
import pg from 'pg';
import { startPostgresServer } from '@payout/test-harness';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  StatementMatcher,
  streamStatementBatches,
  streamStatementFile,
  type StatementHeader,
  type UnresolvedAttempt,
  type VerifyLine,
} from '@payout/statements';
import { assessPeriod, resolveAttempt, type AttemptCoverage, type StoredStatement } from '@payout/workers/verify';
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
  /** CPU seconds of the Postgres backend that did the ingestion (read from /proc; absent when the server is not a local process). */
  readonly postgresServerCpuSeconds?: number | undefined;
  /** The machine's 1-minute load average, sampled every second while the in-memory run was measured. */
  readonly load?: LoadSample | undefined;
  /** The same while the Postgres ingestion was measured. */
  readonly postgresLoad?: LoadSample | undefined;
}

/** Load average (1 minute) during a measurement: the machine is shared, so a slow run says when it was not alone. */
export interface LoadSample {
  readonly mean: number;
  readonly max: number;
}

/** The targets of issue 17 (and issue 8 before it). */
export const TARGETS = {
  /** camt.053, 1 M lines: parse + match + resolve. */
  verifySeconds: 20,
  peakRssBytes: 500e6,
  /** Postgres ingestion of 1 M lines, each format. */
  ingestSeconds: 20,
  /** Wall time per line at 1 M ÷ at 100 k. */
  perLineRatio: 1.3,
} as const;

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
export async function measureVerify(
  format: BenchFormat,
  path: string,
  n: number,
  share: number,
): Promise<Omit<VerifyBenchResult, 'fileBytes'>> {
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
  for await (const batch of streamStatementBatches(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), {
    format,
    keepRaw: false,
  })) {
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
              ? {
                  attemptId: e2e,
                  payoutId: e2e,
                  attemptState: 'succeeded',
                  payoutStatus: 'succeeded',
                  amount: { amountMinor: l.amountMinor, currency: l.currency },
                }
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
      const period = (through: string) =>
        assessPeriod(statements, { accountId: ACCOUNT, currency: 'EUR', from: a.sentOn, through, availableThrough: SENT_ON });
      coverage = { sendDay: period(a.sentOn), throughDayAfter: period('2026-03-03') };
      coverageBySentOn.set(a.sentOn, coverage);
    }
    const r = resolveAttempt({
      attempt: a,
      match: match.byAttempt.get(a.attemptId) ?? { kind: 'none' },
      coverage,
      verdict: { kind: 'not_asked' },
      canDefer: true,
    });
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

/** Samples the 1-minute load average every second until stopped (and once at each end). */
function sampleLoad(): () => LoadSample {
  const samples: number[] = [loadavg()[0] ?? 0];
  const timer = setInterval(() => samples.push(loadavg()[0] ?? 0), 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    samples.push(loadavg()[0] ?? 0);
    return { mean: samples.reduce((a, b) => a + b, 0) / samples.length, max: Math.max(...samples) };
  };
}

/** User + system CPU seconds of a local process, from /proc; undefined when it cannot be read (a container, not Linux). */
async function processCpuSeconds(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The process id of the bench's pooled connection, asked over a separate connection. */
async function backendPid(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ pid: number }>(
      "select pid from pg_stat_activity where application_name = 'bench-verify' and pid <> pg_backend_pid()",
    );
    return r.rows.length === 1 ? r.rows[0]?.pid : undefined;
  } finally {
    await client.end();
  }
}

/** Each run in its own process (with --expose-gc): RSS never shrinks, so a shared process would report the largest run's peak for all. */
async function measureInChild(
  format: BenchFormat,
  path: string,
  n: number,
  share: number,
  warmPath: string,
): Promise<Omit<VerifyBenchResult, 'fileBytes'>> {
  const child = fileURLToPath(new URL('./bench-verify.child.ts', import.meta.url));
  const args = ['--expose-gc', child, format, path, String(n), String(share), warmPath, '20000'];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Omit<VerifyBenchResult, 'fileBytes'>;
}

/** Ingest the file the way the CLI does (sha-256 pass, then parse + COPY in one transaction); seconds and this process's CPU seconds for the second part. */
async function measurePostgresIngest(
  db: Db,
  url: string,
  format: BenchFormat,
  path: string,
  byteSize: number,
  lines: number,
): Promise<{ seconds: number; cpuSeconds: number; serverCpuSeconds: number | undefined }> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), hash);
  // The bench's pool has one connection (below): the only backend of its application name is the one that ingests.
  // A query first, so that connection exists (the pool closes it when idle, e.g. during a long in-memory run).
  await db.selectFrom('api_clients').select('id').limit(1).execute();
  const backend = await backendPid(url);
  const serverBefore = await processCpuSeconds(backend);
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
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const serverAfter = await processCpuSeconds(backend);
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    serverCpuSeconds: serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore,
  };
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
  const server = options.postgres === false ? undefined : await startPostgresServer();
  const db =
    server === undefined
      ? undefined
      : createDb({ url: server.url, maxConnections: 1, statementTimeoutMs: 3_600_000, applicationName: 'bench-verify' });
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
        const load = sampleLoad();
        const measured = { ...(await measureInChild(format, path, n, share, warm)), fileBytes, load: load() };
        let r: VerifyBenchResult = measured;
        if (db !== undefined) {
          progress(`ingesting ${format} ${n.toLocaleString('en-US')} lines into Postgres`);
          const ingestLoad = sampleLoad();
          const ingest = await measurePostgresIngest(db, server?.url ?? '', format, path, fileBytes, n);
          r = {
            ...measured,
            postgresIngestSeconds: ingest.seconds,
            postgresIngestCpuSeconds: ingest.cpuSeconds,
            postgresServerCpuSeconds: ingest.serverCpuSeconds,
            postgresLoad: ingestLoad(),
          };
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
    await server?.dispose();
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

const loadText = (l: LoadSample | undefined): string =>
  l === undefined ? '' : `, load avg ${l.mean.toFixed(1)} (max ${l.max.toFixed(1)}) on ${CORES} cores`;
const CORES = availableParallelism();
const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');

export function formatVerifyResult(r: VerifyBenchResult): string {
  return (
    `${r.format.padEnd(8)} ${r.lines.toLocaleString('en-US').padStart(9)} lines ${(r.fileBytes / 1e6).toFixed(0).padStart(5)} MB  ` +
    `parse+match ${r.parseMatchSeconds.toFixed(2).padStart(6)} s  resolve ${r.resolveSeconds.toFixed(2).padStart(5)} s  total ${r.totalSeconds.toFixed(2).padStart(6)} s (cpu ${r.cpuSeconds.toFixed(2)} s${loadText(r.load)})  ` +
    `${Math.round(r.linesPerSecond).toLocaleString('en-US').padStart(9)} lines/s  ${r.microsecondsPerLine.toFixed(2).padStart(6)} µs/line  ` +
    `peak RSS ${(r.peakRssBytes / 1e6).toFixed(0).padStart(4)} MB  resolved ${r.unresolved.toLocaleString('en-US')} (${Object.entries(
      r.outcomes,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}), exceptions ${r.exceptions}` +
    (r.postgresIngestSeconds === undefined
      ? ''
      : `  | Postgres ingest ${r.postgresIngestSeconds.toFixed(2)} s (node cpu ${(r.postgresIngestCpuSeconds ?? 0).toFixed(2)} s` +
        `${r.postgresServerCpuSeconds === undefined ? '' : `, postgres backend cpu ${r.postgresServerCpuSeconds.toFixed(2)} s`}${loadText(r.postgresLoad)}, ` +
        `${Math.round(r.lines / r.postgresIngestSeconds).toLocaleString('en-US')} lines/s)`)
  );
}

/**
 * Every result, then the verdict on each target: camt.053 at 1 M in memory (time and peak RSS),
 * Postgres ingestion at 1 M per format, the per-line ratio per format, and whether both targets
 * (in memory; Postgres) are met. CPU seconds and the load average are printed beside each wall
 * time: on a shared machine a missed wall-time target with low CPU seconds and a high load
 * average means the run was not alone.
 */
export function formatVerifyBenchmark(report: VerifyBenchReport): string[] {
  const out = report.results.map((r) => formatVerifyResult(r));
  const million = (r: VerifyBenchResult): boolean => r.lines >= 1_000_000;
  const verdicts: boolean[] = [];
  const ingestVerdicts: boolean[] = [];
  for (const r of report.results.filter((x) => million(x) && x.format === 'camt053')) {
    const timeOk = r.totalSeconds <= TARGETS.verifySeconds;
    const rssOk = r.peakRssBytes <= TARGETS.peakRssBytes;
    verdicts.push(timeOk && rssOk);
    out.push(
      `${r.format} ${r.lines.toLocaleString('en-US')}: parse+match+resolve ${r.totalSeconds.toFixed(2)} s (target ≤ ${TARGETS.verifySeconds} s: ${met(timeOk)}; cpu ${r.cpuSeconds.toFixed(2)} s${loadText(r.load)}), ` +
        `peak RSS ${(r.peakRssBytes / 1e6).toFixed(0)} MB (≤ ${TARGETS.peakRssBytes / 1e6} MB: ${met(rssOk)})`,
    );
  }
  for (const r of report.results.filter((x) => million(x) && x.postgresIngestSeconds !== undefined)) {
    const seconds = r.postgresIngestSeconds ?? Infinity;
    const ok = seconds <= TARGETS.ingestSeconds;
    ingestVerdicts.push(ok);
    out.push(
      `${r.format} ${r.lines.toLocaleString('en-US')}: Postgres ingest ${seconds.toFixed(2)} s (≤ ${TARGETS.ingestSeconds} s: ${met(ok)}; node cpu ${(r.postgresIngestCpuSeconds ?? 0).toFixed(2)} s` +
        `${r.postgresServerCpuSeconds === undefined ? '' : `, postgres backend cpu ${r.postgresServerCpuSeconds.toFixed(2)} s`}${loadText(r.postgresLoad)})`,
    );
  }
  for (const r of report.ratios) {
    const ok = r.perLineCostRatio <= TARGETS.perLineRatio;
    verdicts.push(ok);
    out.push(
      `${r.format}: per-line cost ${label(r.large)}/${label(r.small)} = ${r.perLineCostRatio.toFixed(2)} (≤ ${TARGETS.perLineRatio}: ${met(ok)}; cpu ratio ${r.cpuPerLineCostRatio.toFixed(2)})`,
    );
  }
  const verdict = (v: boolean[]): string => (v.length === 0 ? 'not measured' : met(v.every(Boolean)));
  out.push(
    `targets: in memory (camt053 1M time + RSS, per-line ratios) ${verdict(verdicts)}; Postgres ingestion of 1M lines ${verdict(ingestVerdicts)}`,
  );
  return out;
}

/** 1000000 → "1M", 100000 → "100k". */
function label(n: number): string {
  return n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n >= 1_000 && n % 1_000 === 0 ? `${n / 1_000}k` : String(n);
}
