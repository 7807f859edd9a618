import type { CsvMapping } from './csv/csv-mapping.ts';
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
   * Encoding of Uint8Array input (a TextDecoder label: 'utf-8', 'iso-8859-1', 'windows-1252').
   * Default: an XML declaration's encoding, else UTF-8. Invalid bytes are an error, never replaced.
   */
  readonly encoding?: string;
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
