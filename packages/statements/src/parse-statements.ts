import { PayoutError } from '@payout/domain';
import { Bai2Parser } from './bai2/bai2.parser.ts';
import { CamtParser } from './camt/camt.parser.ts';
import { csvStatementEvents } from './csv/csv.parser.ts';
import { DETECT_HEAD_CHARS, detectFormat } from './detect-format.ts';
import { decodeSource, type StatementSource } from './source/decode-source.ts';
import { unknownFormat } from './statement-error.ts';
import type { StatementEvent, StatementEventSink } from './statement-event.ts';
import {
  decodeOptionsOf,
  resolveOptions,
  type ResolvedParseOptions,
  type StatementParseOptions,
  type StatementTextParser,
} from './statement-parser.ts';
import type { Statement, StatementFormat, StatementLine } from './statement.model.ts';
import { Mt94xParser } from './swift/mt94x.parser.ts';

export interface StatementFile {
  readonly format: StatementFormat;
  readonly statements: readonly Statement[];
}

/**
 * Parse a statement file as a stream of events, holding only the current entry in memory.
 * Feed it a Node stream (`fs.createReadStream(path)`), any async iterable of text or byte
 * chunks, or an array of them.
 *
 * The file is valid only when the `complete` event arrives; an error can come after lines
 * were yielded (a closing balance that does not add up, a truncated file). Stage what you
 * receive and commit on `complete`; discard on a throw. See docs/adr/0005-statement-parsers.md.
 *
 * @example
 *   for await (const e of streamStatements(fs.createReadStream(file), { format: 'auto' })) {
 *     if (e.kind === 'line') staging.push(e.line);
 *     if (e.kind === 'complete') await staging.commit();
 *   }
 */
export function streamStatements(source: StatementSource, options: StatementParseOptions): AsyncGenerator<StatementEvent, void, unknown> {
  return new EventsOfBatches(streamStatementBatches(source, options));
}

/**
 * The events of `streamStatementBatches` one at a time, at the cost of one resolved promise per
 * event. (An async generator's `yield* batch` costs several promise rounds per event: ~0.5 s of
 * CPU per 200,000 camt entries, measured, for a million-line file 2–3 s of pure overhead.)
 * Behaves like the generator it replaces: calls to `next` are served in order, an error of the
 * parser rejects the `next` that reaches it, and `return` (a consumer's `break`) closes the source.
 */
class EventsOfBatches implements AsyncGenerator<StatementEvent, void, unknown> {
  private readonly batches: AsyncGenerator<readonly StatementEvent[]>;
  private batch: readonly StatementEvent[] = [];
  private at = 0;
  private finished = false;
  /** A refill in progress: a `next` called before it settles waits for it, so events keep their order. */
  private refilling: Promise<IteratorResult<StatementEvent, void>> | undefined;

  constructor(batches: AsyncGenerator<readonly StatementEvent[]>) {
    this.batches = batches;
  }

  next(): Promise<IteratorResult<StatementEvent, void>> {
    if (this.refilling !== undefined) return this.refilling.then(() => this.next());
    if (this.at < this.batch.length) return Promise.resolve({ value: this.batch[this.at++] as StatementEvent, done: false });
    const refill = this.refill();
    this.refilling = refill;
    const clear = (): void => {
      if (this.refilling === refill) this.refilling = undefined;
    };
    refill.then(clear, clear);
    return refill;
  }

  async return(): Promise<IteratorResult<StatementEvent, void>> {
    await this.refilling?.catch(() => undefined);
    this.close();
    await this.batches.return(undefined);
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<StatementEvent, void>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncGenerator<StatementEvent, void, unknown> {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  private async refill(): Promise<IteratorResult<StatementEvent, void>> {
    while (!this.finished) {
      let r: IteratorResult<readonly StatementEvent[]>;
      try {
        r = await this.batches.next();
      } catch (error) {
        this.close();
        throw error;
      }
      if (r.done === true) break;
      this.batch = r.value;
      this.at = 0;
      if (this.batch.length > 0) return { value: this.batch[this.at++] as StatementEvent, done: false };
    }
    this.close();
    return { value: undefined, done: true };
  }

  private close(): void {
    this.finished = true;
    this.batch = [];
    this.at = 0;
  }
}

/**
 * `streamStatements` in batches: one array of events per piece of input. Same events, same
 * guarantees; a consumer that handles a million lines saves one promise round per line.
 */
export async function* streamStatementBatches(
  source: StatementSource,
  options: StatementParseOptions,
): AsyncGenerator<readonly StatementEvent[]> {
  const resolved = resolveOptions(options);
  const decoded = decodeSource(source, decodeOptionsOf(options));
  let format: StatementFormat | 'auto' = options.format;
  let chunks: AsyncIterable<string> = decoded;
  if (format === 'auto') {
    const peeked = await peek(decoded, DETECT_HEAD_CHARS);
    const detected = detectFormat(peeked.head) ?? (options.csvMapping !== undefined ? 'csv' : undefined);
    if (detected === undefined) {
      throw unknownFormat('start of file', 'not ISO 20022 camt.052/053/054, MT940/MT942 or BAI2 (CSV needs a mapping)');
    }
    format = detected;
    chunks = peeked.rest;
  }
  if (format === 'csv') {
    if (resolved.csvMapping === undefined) {
      throw new PayoutError('PAYOUT_E_CONFIG_INVALID', 'CSV statements need a per-bank column mapping (csvMapping)');
    }
    for await (const e of csvStatementEvents(chunks, resolved.csvMapping, resolved)) yield [e];
    return;
  }
  let events: StatementEvent[] = [];
  const parser = createTextParser(format, resolved, (e) => events.push(e));
  let first = true;
  for await (const chunk of chunks) {
    const text = first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    first = false;
    for (let at = 0; at < text.length;) {
      const end = pieceEnd(text, at);
      parser.write(at === 0 && end === text.length ? text : text.slice(at, end));
      at = end;
      if (events.length > 0) {
        yield events;
        events = [];
      }
    }
  }
  parser.end();
  if (events.length > 0) yield events;
}

/**
 * Parsers take text in pieces of at most this many characters, whatever the source's chunk size:
 * a piece's events are handed on before the next piece is parsed, so a large chunk never becomes
 * a large pile of events that outlives a garbage collection. (Byte sources already arrive in
 * 64 KiB pieces from `decodeSource`; this covers large text chunks.)
 */
const PARSE_PIECE_CHARS = 1 << 16;

/** Where the piece starting at `at` ends: never between the two halves of a surrogate pair. */
function pieceEnd(text: string, at: number): number {
  let end = Math.min(text.length, at + PARSE_PIECE_CHARS);
  const last = text.charCodeAt(end - 1);
  if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
  return end;
}

/** Parse everything into memory: for small files, tests and the CLI's default output. */
export async function parseStatements(source: StatementSource, options: StatementParseOptions): Promise<StatementFile> {
  const statements: Statement[] = [];
  let lines: StatementLine[] = [];
  for await (const e of streamStatements(source, options)) {
    switch (e.kind) {
      case 'begin':
        lines = [];
        break;
      case 'line':
        lines.push(e.line);
        break;
      case 'end':
        statements.push({ ...e.header, lines });
        break;
      case 'complete':
        return { format: e.format, statements };
    }
  }
  throw new Error('statement stream ended without a complete event');
}

/**
 * Convenience for text already in memory.
 * @example
 *   const { statements } = await parseStatementText(xml, 'camt053');
 */
export function parseStatementText(
  text: string,
  format: StatementFormat | 'auto',
  options: Omit<StatementParseOptions, 'format'> = {},
): Promise<StatementFile> {
  return parseStatements([text], { ...options, format });
}

function createTextParser(
  format: Exclude<StatementFormat, 'csv'>,
  options: ResolvedParseOptions,
  sink: StatementEventSink,
): StatementTextParser {
  switch (format) {
    case 'camt052':
    case 'camt053':
    case 'camt054':
      return new CamtParser(format, options, sink);
    case 'mt940':
    case 'mt942':
      return new Mt94xParser(format, options, sink);
    case 'bai2':
      return new Bai2Parser(options, sink);
  }
}

/** Read at least `n` characters ahead, then replay them before the rest of the stream. */
async function peek(source: AsyncIterable<string>, n: number): Promise<{ head: string; rest: AsyncIterable<string> }> {
  const it = source[Symbol.asyncIterator]();
  const buffered: string[] = [];
  let length = 0;
  let done = false;
  while (length < n) {
    const r = await it.next();
    if (r.done === true) {
      done = true;
      break;
    }
    buffered.push(r.value);
    length += r.value.length;
  }
  const rest = (async function* (): AsyncGenerator<string> {
    try {
      yield* buffered;
      while (!done) {
        const r = await it.next();
        if (r.done === true) return;
        yield r.value;
      }
    } finally {
      if (!done) await it.return?.();
    }
  })();
  return { head: buffered.join('').slice(0, n), rest };
}
