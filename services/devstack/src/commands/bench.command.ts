import { defineCommand, helpText, readCommandLine } from '@payout/cli/args';
import { usageError, type DevCommand } from '../command.ts';
import { BENCH_PARSE_SPEC, benchParseCommand, type BenchFormat } from './bench-parse.ts';
import { formatVerifyBenchmark, runVerifyBenchmark } from './bench-verify.ts';

const VERIFY_SPEC = defineCommand({
  usage: [
    'usage: ./dev bench verify [--sizes 100000,1000000] [--formats camt053,mt940] [--unresolved-share 0.1] [--no-postgres] [--json]',
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
  ].join('\n'),
  options: {
    sizes: { type: 'string', value: 'N,N', description: 'lines per file, comma-separated whole numbers ≥ 1000 (default 100000,1000000)' },
    formats: { type: 'string', value: 'F,F', description: 'statement formats, camt053 and/or mt940, comma-separated (default both)' },
    'unresolved-share': {
      type: 'string',
      value: 'F',
      description: 'share of the debit payouts still awaiting verification, a fraction in (0, 0.9] (default 0.1)',
    },
    'no-postgres': { type: 'boolean', description: 'skip timing the ingestion into a throwaway local Postgres' },
    json: { type: 'boolean', description: 'print the report as JSON' },
  },
});

/** `./dev bench --help`: both benchmarks, each with its options. */
function benchHelp(): string {
  return [helpText(VERIFY_SPEC), '', helpText(BENCH_PARSE_SPEC)].join('\n');
}

/** `./dev bench verify …` and `./dev bench parse …`. */
export const benchCommand: DevCommand = async (argv, io) => {
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h' || what === 'help') {
    io.stdout(benchHelp());
    return what === undefined ? 2 : 0;
  }
  if (what === 'parse') return benchParseCommand(rest, io);
  if (what !== 'verify') return usageError(io, `unknown benchmark '${what}' — the benchmarks are verify and parse; run ./dev bench --help`);
  const parsed = readCommandLine(VERIFY_SPEC, rest, io, 'run ./dev bench verify --help');
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const sizes = v.sizes?.split(',').map(Number);
  const formats = v.formats?.split(',') as BenchFormat[] | undefined;
  const unresolvedShare = v['unresolved-share'] === undefined ? undefined : Number(v['unresolved-share']);
  const postgres = v['no-postgres'] !== true;
  const json = v.json === true;
  if (sizes !== undefined && sizes.some((n) => !Number.isSafeInteger(n) || n < 1_000)) {
    return usageError(io, '--sizes must be whole numbers of at least 1000 — e.g. --sizes 100000,1000000');
  }
  if (formats !== undefined && formats.some((f) => f !== 'camt053' && f !== 'mt940'))
    return usageError(io, '--formats takes camt053 and/or mt940');
  if (unresolvedShare !== undefined && !(unresolvedShare > 0 && unresolvedShare <= 0.9))
    return usageError(io, '--unresolved-share must be a fraction in (0, 0.9]');
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
