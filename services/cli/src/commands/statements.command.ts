import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isPayoutError } from '@payout/domain';
import { isStatementFormat, parseCsvMapping, streamStatements, type CsvMapping, type StatementFormat } from '@payout/statements';
import type { CliCommand, CliIo } from '../cli-io.ts';
import { jsonPrinter, textPrinter } from './statements-output.ts';

const USAGE = [
  'usage:',
  '  payout statements parse FILE [--format auto|camt053|camt054|camt052|mt940|mt942|bai2|csv]',
  '                               [--csv-mapping MAPPING.json] [--json]',
  '      prints every line, then per statement: line count, booked debit and credit totals,',
  '      opening and closing balances, and whether opening + entries = closing (or the difference).',
  '      The file is streamed: any size works in bounded memory.',
  '  payout statements ingest FILE --bank ID …   store a statement for verification (see `statements ingest --help`)',
  '',
  'exit codes: 0 parsed and continuous, 1 malformed file or a balance that does not add up, 2 bad arguments',
].join('\n');

/** What to do about an error, by code (the message says what and where). */
const HINTS: Readonly<Record<string, string>> = {
  PAYOUT_E_STATEMENT_MALFORMED: 'the file cannot be used as it is; ask the bank for a corrected file',
  PAYOUT_E_STATEMENT_UNKNOWN_FORMAT: 'name the format with --format, or check that this is a bank statement',
  PAYOUT_E_STATEMENT_BALANCE_MISMATCH: 'the statement does not add up; do not use it for verification',
  PAYOUT_E_CONFIG_INVALID: 'fix the CSV mapping file (see parseCsvMapping in packages/statements)',
};

interface ParseArgs {
  readonly file: string;
  readonly format: StatementFormat | 'auto';
  readonly mappingFile: string | undefined;
  readonly json: boolean;
}

/**
 * `./dev payout statements parse FILE …`: parse a statement file in any supported format and
 * print its lines and a summary. Balances are checked and reported, not thrown, so the
 * difference is visible; the exit code still says the file is unusable.
 */
export const statementsCommand: CliCommand = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? io.stderr : io.stdout)(USAGE);
    return sub === undefined ? 2 : 0;
  }
  // Ingestion (issue 8, verification half) lives in its own module; loaded only when asked for.
  if (sub === 'ingest') return (await import('./statements-ingest.command.ts')).statementsIngestCommand(rest, io);
  if (sub !== 'parse') return usageError(io, `unknown subcommand '${sub}'`);
  const args = parseArgs(rest);
  if (typeof args === 'string') return usageError(io, args);

  try {
    await stat(args.file);
  } catch {
    io.stderr(`error [PAYOUT_E_NOT_FOUND]: cannot read ${args.file} — check the path`);
    return 1;
  }
  try {
    let csvMapping: CsvMapping | undefined;
    if (args.mappingFile !== undefined) csvMapping = parseCsvMapping(JSON.parse(await readFile(args.mappingFile, 'utf8')) as unknown);
    if (args.format === 'csv' && csvMapping === undefined) return usageError(io, 'CSV needs --csv-mapping MAPPING.json');
    const printer = args.json ? jsonPrinter(io) : textPrinter(io);
    const events = streamStatements(createReadStream(args.file), {
      format: args.format,
      verifyBalances: false,
      keepRaw: args.json,
      ...(csvMapping === undefined ? {} : { csvMapping }),
    });
    for await (const e of events) printer.event(e);
    if (printer.mismatches > 0) {
      io.stderr(`error [PAYOUT_E_STATEMENT_BALANCE_MISMATCH]: ${printer.mismatches} statement(s) do not add up — ${HINTS['PAYOUT_E_STATEMENT_BALANCE_MISMATCH']}`);
      return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof SyntaxError) {
      io.stderr(`error [PAYOUT_E_CONFIG_INVALID]: ${args.mappingFile ?? 'mapping'} is not JSON: ${err.message} — ${HINTS['PAYOUT_E_CONFIG_INVALID']}`);
      return 1;
    }
    if (!isPayoutError(err)) throw err;
    const hint = HINTS[err.code];
    io.stderr(`error [${err.code}]: ${err.message}${hint === undefined ? '' : ` — ${hint}`}`);
    return 1;
  }
};

function parseArgs(argv: readonly string[]): ParseArgs | string {
  let file: string | undefined;
  let format: StatementFormat | 'auto' = 'auto';
  let mappingFile: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') json = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || (v !== 'auto' && !isStatementFormat(v))) return `--format must be auto, camt053, camt054, camt052, mt940, mt942, bai2 or csv`;
      format = v;
    } else if (a === '--csv-mapping' || a.startsWith('--csv-mapping=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') return '--csv-mapping needs a file';
      mappingFile = v;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `unexpected argument ${a}`;
  }
  if (file === undefined) return '`statements parse` needs a FILE';
  return { file, format, mappingFile, json };
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`error [PAYOUT_E_VALIDATION]: ${message} — run \`./dev payout statements --help\``);
  return 2;
}
