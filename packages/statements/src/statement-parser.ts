import type { CsvMapping } from './csv/csv-mapping.ts';
import type { DecodeOptions } from './source/decode-source.ts';
import type { LineDirection, StatementFormat } from './statement.model.ts';

/**
 * A format parser is push-based and synchronous: text goes in chunk by chunk, events come out
 * through the sink given at construction. The async streaming API wraps it.
 */
export interface StatementTextParser {
  write(text: string): void;
  /** End of input: flush, run end-of-file checks, emit `complete`. */
  end(): void;
}

export interface StatementParseOptions {
  /** 'auto' looks at the first few KB (`detectFormat`). */
  readonly format: StatementFormat | 'auto';
  /** Throw PAYOUT_E_STATEMENT_BALANCE_MISMATCH when opening + entries ≠ closing. Default true. */
  readonly verifyBalances?: boolean;
  /** Keep each entry's original text in `line.raw`. Default true. */
  readonly keepRaw?: boolean;
  /**
   * Encoding of Uint8Array input: 'utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'gbk', 'windows-1250',
   * 'windows-1252', 'cp852', 'iso-8859-1', 'iso-8859-2', 'iso-8859-15' or a common alias
   * (`STATEMENT_ENCODINGS`, `statementEncoding`). Which one is used, first that applies: a byte
   * order mark (UTF-8, UTF-16 LE/BE) > this option > the CSV mapping's `encoding` >
   * `profileEncoding` > the XML declaration > UTF-8. Invalid bytes are an error
   * (PAYOUT_E_STATEMENT_ENCODING with the byte offset), never replaced.
   */
  readonly encoding?: string;
  /** The bank profile's `statementEncoding`: below `encoding` and the CSV mapping's, above the XML declaration. */
  readonly profileEncoding?: string;
  /** Required for CSV: which column means what for this bank. */
  readonly csvMapping?: CsvMapping;
  /** BAI2 type codes 900–999 are bank-defined: say which direction each one books. */
  readonly bai2CustomTypeCodes?: Readonly<Record<string, LineDirection | 'info'>>;
}

export interface ResolvedParseOptions {
  readonly verifyBalances: boolean;
  readonly keepRaw: boolean;
  readonly csvMapping: CsvMapping | undefined;
  readonly bai2CustomTypeCodes: Readonly<Record<string, LineDirection | 'info'>>;
}

export function resolveOptions(o: StatementParseOptions): ResolvedParseOptions {
  return {
    verifyBalances: o.verifyBalances ?? true,
    keepRaw: o.keepRaw ?? true,
    csvMapping: o.csvMapping,
    bai2CustomTypeCodes: o.bai2CustomTypeCodes ?? {},
  };
}

/** How `decodeSource` chooses the encoding for these options (see `StatementParseOptions.encoding`). */
export function decodeOptionsOf(o: Pick<StatementParseOptions, 'encoding' | 'profileEncoding' | 'csvMapping'>): DecodeOptions {
  const mapped = o.csvMapping?.encoding;
  const configured =
    mapped !== undefined
      ? { encoding: mapped, from: 'the CSV mapping' }
      : o.profileEncoding !== undefined
        ? { encoding: o.profileEncoding, from: 'the bank profile' }
        : undefined;
  return { encoding: o.encoding, configured };
}
