import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isPayoutError, type PayoutError } from '@payout/domain';
import {
  CN_BANK_CSV,
  STATEMENT_ENCODINGS,
  STATEMENT_FILE_FORMATS,
  isStatementFileFormat,
  parseCsvMapping,
  statementEncoding,
  streamCsvWithPreamble,
  streamStatements,
  type CsvMapping,
  type StatementEncoding,
  type StatementEvent,
  type StatementFileFormat,
} from '@payout/statements';
import type { CliCommand, CliIo } from '../cli-io.ts';
import { jsonPrinter, textPrinter } from './statements-output.ts';

const USAGE = [
  'usage:',
  `  payout statements parse FILE [--format ${STATEMENT_FILE_FORMATS.join('|')}]`,
  '                               [--csv-mapping MAPPING.json] [--encoding ENCODING] [--json]',
  '      prints every line, then per statement: line count, booked debit and credit totals,',
  '      opening and closing balances, whether opening + entries = closing (or the difference),',
  '      and the warnings: every leniency applied to the file (code and place).',
  '      The file is streamed: any size works in bounded memory.',
  '      --format cn-csv: the CN bank portal CSV (key,value preamble + table; GB18030 unless a BOM says otherwise).',
  `      --encoding: ${STATEMENT_ENCODINGS.join(', ')} (or an alias such as gbk, cp1250, latin2).`,
  '        Which encoding is used: a byte order mark > --encoding > the CSV mapping\'s "encoding" (or the',
  '        preset\'s) > the XML declaration > UTF-8. A byte that is not valid in it is an error, never replaced.',
  '  payout statements ingest FILE --bank ID …   store a statement for verification (see `statements ingest --help`)',
  '',
  'exit codes: 0 parsed and continuous, 1 malformed file or a balance that does not add up, 2 bad arguments',
].join('\n');

/** What to do about an error, by code (the message says what and where). */
const HINTS: Readonly<Record<string, string>> = {
  PAYOUT_E_STATEMENT_MALFORMED: 'the file cannot be used as it is; ask the bank for a corrected file',
  PAYOUT_E_STATEMENT_UNKNOWN_FORMAT: 'name the format with --format, or check that this is a bank statement',
  PAYOUT_E_STATEMENT_BALANCE_MISMATCH: 'the statement does not add up; do not use it for verification',
  PAYOUT_E_STATEMENT_ENCODING: 'name the file\'s encoding with --encoding (or in the CSV mapping), or ask the bank for a file without the bad bytes',
  PAYOUT_E_CONFIG_INVALID: 'fix the CSV mapping file (see parseCsvMapping in packages/statements)',
};

interface ParseArgs {
  readonly file: string;
  readonly format: StatementFileFormat;
  readonly mappingFile: string | undefined;
  readonly encoding: StatementEncoding | undefined;
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
    for await (const e of parseEvents(args, csvMapping)) printer.event(e);
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
    const where = err.code === 'PAYOUT_E_STATEMENT_ENCODING' ? await lineOfBadByte(args.file, err) : '';
    io.stderr(`error [${err.code}]: ${err.message}${where}${hint === undefined ? '' : ` — ${hint}`}`);
    return 1;
  }
};

/** Events for the file; balances are reported, not thrown (verifyBalances off), so the difference shows. */
function parseEvents(args: ParseArgs, csvMapping: CsvMapping | undefined): AsyncIterable<StatementEvent> {
  const source = createReadStream(args.file, { highWaterMark: 1 << 16 });
  const encoding = args.encoding === undefined ? {} : { encoding: args.encoding };
  if (args.format === 'cn-csv') {
    return streamCsvWithPreamble(source, { csvMapping: csvMapping ?? CN_BANK_CSV.mapping, preamble: CN_BANK_CSV.preamble, verifyBalances: false, keepRaw: args.json, ...encoding });
  }
  return streamStatements(source, { format: args.format, verifyBalances: false, keepRaw: args.json, ...encoding, ...(csvMapping === undefined ? {} : { csvMapping }) });
}

/**
 * " (line N of FILE)" for an encoding error's byte offset: the file is read again up to that
 * byte, counting line feeds — only on this error path. In UTF-8, GB18030 and the single-byte
 * code pages byte 0x0A is always a line feed; UTF-16 is decoded to count them.
 */
async function lineOfBadByte(file: string, err: PayoutError): Promise<string> {
  const details = err.details as { byteOffset?: unknown; encoding?: unknown } | undefined;
  const offset = details?.byteOffset;
  if (typeof offset !== 'number') return '';
  const utf16 = details?.encoding === 'utf-16le' || details?.encoding === 'utf-16be' ? new TextDecoder(details.encoding) : undefined;
  let line = 1;
  if (offset > 0) {
    for await (const chunk of createReadStream(file, { end: offset - 1, highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
      if (utf16 === undefined) {
        for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) line++;
      } else {
        const text = utf16.decode(chunk, { stream: true });
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
      }
    }
  }
  return ` (line ${line} of ${file})`;
}

function parseArgs(argv: readonly string[]): ParseArgs | string {
  let file: string | undefined;
  let format: StatementFileFormat = 'auto';
  let mappingFile: string | undefined;
  let encoding: StatementEncoding | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') json = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!isStatementFileFormat(v)) return `--format must be one of ${STATEMENT_FILE_FORMATS.join(', ')}`;
      format = v;
    } else if (a === '--encoding' || a.startsWith('--encoding=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      encoding = v === undefined ? undefined : statementEncoding(v);
      if (encoding === undefined) return `--encoding must be one of ${STATEMENT_ENCODINGS.join(', ')} (or a common alias such as gbk, cp1250, latin2)`;
    } else if (a === '--csv-mapping' || a.startsWith('--csv-mapping=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') return '--csv-mapping needs a file';
      mappingFile = v;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `unexpected argument ${a}`;
  }
  if (file === undefined) return '`statements parse` needs a FILE';
  return { file, format, mappingFile, encoding, json };
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`error [PAYOUT_E_VALIDATION]: ${message} — run \`./dev payout statements --help\``);
  return 2;
}
