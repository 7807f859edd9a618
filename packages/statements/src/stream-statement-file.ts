import { PayoutError } from '@payout/domain';
import { CN_BANK_CSV } from './csv/cn-bank-csv.preset.ts';
import type { CsvMapping } from './csv/csv-mapping.ts';
import { streamCsvWithPreamble } from './csv/csv-preamble.ts';
import { streamStatements } from './parse-statements.ts';
import type { StatementSource } from './source/decode-source.ts';
import type { StatementEvent } from './statement-event.ts';
import { STATEMENT_FORMATS, type StatementFormat } from './statement.model.ts';

/** What a user may name when handing in a file: a format, `auto`, or a bank preset (`cn-csv`). */
export const STATEMENT_FILE_FORMATS = ['auto', ...STATEMENT_FORMATS, 'cn-csv'] as const;
export type StatementFileFormat = (typeof STATEMENT_FILE_FORMATS)[number];

export function isStatementFileFormat(s: unknown): s is StatementFileFormat {
  return typeof s === 'string' && (STATEMENT_FILE_FORMATS as readonly string[]).includes(s);
}

/** What `streamStatementFile` takes besides the source. */
export interface StatementFileOptions {
  readonly format: StatementFileFormat;
  readonly csvMapping?: CsvMapping | undefined;
  readonly keepRaw?: boolean;
  /** The caller's explicit encoding (see `StatementParseOptions.encoding` for the precedence). */
  readonly encoding?: string | undefined;
  /** The bank profile's `statementEncoding`. */
  readonly profileEncoding?: string | undefined;
}

/**
 * Parser events for a statement file handed in by a person or an API client: any format, `auto`
 * detection, a CSV with its bank's mapping, or the CN bank CSV preset (preamble + table, GB18030
 * unless a byte order mark or `encoding` says otherwise).
 * Balances are always verified: a file that does not add up is refused, never half-used.
 */
export function streamStatementFile(source: StatementSource, opts: StatementFileOptions): AsyncGenerator<StatementEvent> {
  const encodings = {
    ...(opts.encoding === undefined ? {} : { encoding: opts.encoding }),
    ...(opts.profileEncoding === undefined ? {} : { profileEncoding: opts.profileEncoding }),
  };
  if (opts.format === 'cn-csv')
    return streamCsvWithPreamble(source, {
      csvMapping: CN_BANK_CSV.mapping,
      preamble: CN_BANK_CSV.preamble,
      keepRaw: opts.keepRaw ?? true,
      ...encodings,
    });
  const format: StatementFormat | 'auto' = opts.format;
  if (format === 'csv' && opts.csvMapping === undefined)
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', "CSV statements need the bank's column mapping");
  return streamStatements(source, {
    format,
    verifyBalances: true,
    keepRaw: opts.keepRaw ?? true,
    ...encodings,
    ...(opts.csvMapping === undefined ? {} : { csvMapping: opts.csvMapping }),
  });
}
