import { isPayoutError, type PayoutError } from '@payout/domain';
import { parseStatements, type StatementFile } from '../parse-statements.ts';
import type { StatementParseOptions } from '../statement-parser.ts';

// Test-only helpers, imported by *.test.ts files only. Test files read the fixtures themselves
// (this package imports no file API, not even in helpers).

/** The fixtures folder, for `readFileSync(new URL(name, FIXTURES))`. */
export const FIXTURES = new URL('../fixtures/', import.meta.url);

/** Split bytes into small chunks so parsing crosses boundaries inside tags, numbers and UTF-8 sequences. */
export function* byteChunks(bytes: Uint8Array, size = 57): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Parse bytes through the streaming API in small chunks. */
export function parseBytes(bytes: Uint8Array, options: StatementParseOptions, size = 57): Promise<StatementFile> {
  return parseStatements(byteChunks(bytes, size), options);
}

/** Run a parse that must fail; return the PayoutError. */
export async function parseError(run: () => Promise<unknown>): Promise<PayoutError> {
  try {
    await run();
  } catch (e) {
    if (isPayoutError(e)) return e;
    throw e;
  }
  throw new Error('expected the parse to fail, it succeeded');
}
