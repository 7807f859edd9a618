import type { CliCommand } from '../cli-io.ts';
import type { BenchFormat } from './bench-parse.ts';
import { formatVerifyBenchmark, runVerifyBenchmark } from './bench-verify.ts';

const USAGE = [
  'usage: payout bench verify [--sizes 100000,1000000] [--formats camt053,mt940] [--unresolved-share 0.1] [--no-postgres] [--json]',
  '  Generates synthetic statements (every debit a payout; a share of them still awaiting',
  '  verification, the rest already known; 0.1 % debits matching nobody) and measures, per file:',
  '  streaming parse + matching of every line + resolution of every unresolved payout, in memory.',
  '  Then it times ingesting the same file into a throwaway local Postgres (parse with raw text,',
  '  lines COPYed in chunks, linked to attempts by end-to-end id, one transaction), reported',
  '  separately; --no-postgres skips that. Not included: the bank status queries.',
  '  Prints lines/s, CPU seconds, peak RSS and the per-line cost ratio between the largest and',
  '  smallest size, then for each target (issue 17) whether it is met: camt053 at 1M in memory',
  '  ≤ 20 s and ≤ 500 MB peak RSS, Postgres ingestion of 1M lines ≤ 20 s per format, per-line',
  '  cost 1M/100k ≤ 1.3. The machine may be shared: CPU seconds (Node; the Postgres backend for',
  '  ingestion) and the load average during each run are printed beside every wall time.',
].join('\n');

/** `./dev payout bench verify …` (the lead routes `./dev bench verify` here). */
export const benchCommand: CliCommand = async (argv, io) => {
  const [what, ...rest] = argv;
  if (what === '--help' || what === '-h' || what === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (what !== 'verify') {
    io.stderr(`error [PAYOUT_E_VALIDATION]: unknown benchmark '${what ?? ''}' — ${USAGE.split('\n')[0] ?? ''}`);
    return 2;
  }
  let sizes: number[] | undefined;
  let formats: BenchFormat[] | undefined;
  let unresolvedShare: number | undefined;
  let json = false;
  let postgres = true;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') json = true;
    else if (a === '--postgres') postgres = true;
    else if (a === '--no-postgres') postgres = false;
    else if (a === '--sizes') sizes = (rest[++i] ?? '').split(',').map(Number);
    else if (a === '--formats') formats = (rest[++i] ?? '').split(',') as BenchFormat[];
    else if (a === '--unresolved-share') unresolvedShare = Number(rest[++i]);
    else {
      io.stderr(`error [PAYOUT_E_VALIDATION]: unknown argument ${a ?? ''} — ${USAGE.split('\n')[0] ?? ''}`);
      return 2;
    }
  }
  if (sizes !== undefined && sizes.some((n) => !Number.isSafeInteger(n) || n < 1_000)) {
    io.stderr('error [PAYOUT_E_VALIDATION]: --sizes must be whole numbers of at least 1000 — e.g. --sizes 100000,1000000');
    return 2;
  }
  if (formats !== undefined && formats.some((f) => f !== 'camt053' && f !== 'mt940')) {
    io.stderr('error [PAYOUT_E_VALIDATION]: --formats takes camt053 and/or mt940');
    return 2;
  }
  if (unresolvedShare !== undefined && !(unresolvedShare > 0 && unresolvedShare <= 0.9)) {
    io.stderr('error [PAYOUT_E_VALIDATION]: --unresolved-share must be a fraction in (0, 0.9]');
    return 2;
  }
  const report = await runVerifyBenchmark({
    ...(sizes !== undefined ? { sizes } : {}),
    ...(formats !== undefined ? { formats } : {}),
    ...(unresolvedShare !== undefined ? { unresolvedShare } : {}),
    postgres,
    onProgress: (line) => io.stderr(line),
  });
  if (json) io.stdout(JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  else for (const line of formatVerifyBenchmark(report)) io.stdout(line);
  return 0;
};
