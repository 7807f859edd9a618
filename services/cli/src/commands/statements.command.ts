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
import { defineCommand, readCommandLine, subcommandOf, type OptionValues } from '../args.ts';
import type { CliCommand, CliIo } from '../cli-io.ts';
import { jsonPrinter, textPrinter } from './statements-output.ts';
import { STATEMENT_FILE_OPTIONS } from './statement-file-options.ts';

const PARSE_LINES = [
  `  payout statements parse FILE [--format ${STATEMENT_FILE_FORMATS.join('|')}]`,
  '                               [--csv-mapping MAPPING.json] [--encoding ENCODING] [--json]',
  '      prints every line, then per statement: line count, booked debit and credit totals,',
  '      opening and closing balances, whether opening + entries = closing (or the difference),',
  '      and the warnings: every leniency applied to the file (code and place).',
  '      The file is streamed: any size works in bounded memory.',
  '      --format cn-csv: the CN bank portal CSV (key,value preamble + table; GB18030 unless a BOM says otherwise).',
  `      --encoding: ${STATEMENT_ENCODINGS.join(', ')} (or an alias such as gbk, cp1250, latin2).`,
  '        Which encoding is used: a byte order mark > --encoding > the CSV mapping\'s "encoding" (or the',
  "        preset's) > the XML declaration > UTF-8. A byte that is not valid in it is an error, never replaced.",
];
const EXIT_CODES = 'exit codes: 0 parsed and continuous, 1 malformed file or a balance that does not add up, 2 bad arguments';

const USAGE = [
  'usage:',
  ...PARSE_LINES,
  '  payout statements ingest FILE --bank ID …   store a statement for verification (see `statements ingest --help`)',
  '',
  EXIT_CODES,
].join('\n');

/** `statements parse`; `statements ingest` has its own spec (statements-ingest.command.ts). */
export const PARSE_SPEC = defineCommand({
  usage: ['usage:', ...PARSE_LINES, '', EXIT_CODES].join('\n'),
  options: {
    ...STATEMENT_FILE_OPTIONS,
    encoding: { type: 'string', value: 'ENCODING', description: "the bytes' encoding when no byte order mark says it (see above)" },
    json: { type: 'boolean', description: 'print the statements as one JSON document' },
  },
  positionals: true,
});

/** What to do about an error, by code (the message says what and where). */
const HINTS: Readonly<Record<string, string>> = {
  PAYOUT_E_STATEMENT_MALFORMED: 'the file cannot be used as it is; ask the bank for a corrected file',
  PAYOUT_E_STATEMENT_UNKNOWN_FORMAT: 'name the format with --format, or check that this is a bank statement',
  PAYOUT_E_STATEMENT_BALANCE_MISMATCH: 'the statement does not add up; do not use it for verification',
  PAYOUT_E_STATEMENT_ENCODING:
    "name the file's encoding with --encoding (or in the CSV mapping), or ask the bank for a file without the bad bytes",
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
  const sub = subcommandOf(argv, { parse: PARSE_SPEC });
  if (sub === undefined || sub === 'help') {
    const help = sub === 'help' || argv.includes('--help') || argv.includes('-h');
    (help ? io.stdout : io.stderr)(USAGE);
    return help ? 0 : 2;
  }
  // Ingestion (issue 8, verification half) lives in its own module; loaded only when asked for.
  const rest = argv.filter((_, i) => i !== argv.indexOf(sub));
  if (sub === 'ingest') return (await import('./statements-ingest.command.ts')).statementsIngestCommand(rest, io);
  if (sub !== 'parse') return usageError(io, `unknown subcommand '${sub}'`);
  const parsed = readCommandLine(PARSE_SPEC, argv, io, 'run `./dev payout statements --help`');
  if (typeof parsed === 'number') return parsed;
  const args = parseArgsOf(parsed.values, parsed.positionals.slice(1));
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
      io.stderr(
        `error [PAYOUT_E_STATEMENT_BALANCE_MISMATCH]: ${printer.mismatches} statement(s) do not add up — ${HINTS['PAYOUT_E_STATEMENT_BALANCE_MISMATCH']}`,
      );
      return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof SyntaxError) {
      io.stderr(
        `error [PAYOUT_E_CONFIG_INVALID]: ${args.mappingFile ?? 'mapping'} is not JSON: ${err.message} — ${HINTS['PAYOUT_E_CONFIG_INVALID']}`,
      );
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
    return streamCsvWithPreamble(source, {
      csvMapping: csvMapping ?? CN_BANK_CSV.mapping,
      preamble: CN_BANK_CSV.preamble,
      verifyBalances: false,
      keepRaw: args.json,
      ...encoding,
    });
  }
  return streamStatements(source, {
    format: args.format,
    verifyBalances: false,
    keepRaw: args.json,
    ...encoding,
    ...(csvMapping === undefined ? {} : { csvMapping }),
  });
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

/** The checked arguments of `statements parse`, or what is wrong with them. */
function parseArgsOf(o: OptionValues<typeof PARSE_SPEC.options>, positionals: readonly string[]): ParseArgs | string {
  const [file, ...extra] = positionals;
  if (extra.length > 0) return `unexpected argument ${extra[0]}`;
  const format = o.format ?? 'auto';
  if (!isStatementFileFormat(format)) return `--format must be one of ${STATEMENT_FILE_FORMATS.join(', ')}`;
  const encoding = o.encoding === undefined ? undefined : statementEncoding(o.encoding);
  if (o.encoding !== undefined && encoding === undefined)
    return `--encoding must be one of ${STATEMENT_ENCODINGS.join(', ')} (or a common alias such as gbk, cp1250, latin2)`;
  if (file === undefined) return '`statements parse` needs a FILE';
  return { file, format, mappingFile: o['csv-mapping'], encoding, json: o.json === true };
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`error [PAYOUT_E_VALIDATION]: ${message} — run \`./dev payout statements --help\``);
  return 2;
}
