import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One statement line as it is written. */
export interface LineInsert {
  readonly statementRowId: string;
  readonly lineIndex: number;
  readonly entryIndex: number;
  readonly bankId: string;
  readonly accountId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly direction: 'debit' | 'credit';
  readonly reversal: boolean;
  readonly status: 'booked' | 'pending' | 'info';
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  readonly bankReference: string | null;
  readonly customerReference: string | null;
  readonly endToEndId: string | null;
  readonly uetr: string | null;
  readonly bankTxCode: string | null;
  readonly isReturn: boolean;
  readonly returnCode: string | null;
  readonly returnInfo: string | null;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittanceInfo: string | null;
  readonly location: string;
  readonly raw: string;
  /** The line's parser warnings as a JSON array, or null when it has none. */
  readonly warnings: string | null;
}

/** Lines per COPY chunk, and the most text one chunk may hold before it is sent anyway. */
const DEFAULT_CHUNK_LINES = 20_000;
const MAX_CHUNK_CHARS = 16 << 20;

const COLUMNS =
  'statement_row_id, line_index, entry_index, bank_id, account_id, currency, amount_minor, direction, reversal, status, booking_date, value_date, ' +
  'bank_reference, customer_reference, end_to_end_id, uetr, bank_tx_code, is_return, return_code, return_info, counterparty_name, ' +
  'counterparty_account, remittance_info, location, raw, warnings';
/** The link columns come last in each COPY row: a row's text is built while parsing, its link once the chunk's lookup answers. */
const COPY_SQL = `copy statement_lines (${COLUMNS}, attempt_id, payout_id, match_kind) from stdin`;
const NO_LINK = '\t\\N\t\\N\t\\N\n';
const LOOKUP_SQL = 'select end_to_end_id, id, payout_id from payout_attempts where end_to_end_id = any($1::text[])';

interface Chunk {
  readonly rows: string[];
  /** End-to-end id per row (null when the line names none). */
  readonly e2e: (string | null)[];
  /** Distinct non-null end-to-end ids, for the lookup. */
  readonly named: Set<string>;
}

/**
 * Writes statement lines with COPY straight into `statement_lines`, inside the caller's
 * transaction on `client`. Each line is linked to the attempt its EndToEndId names as it is
 * written: per chunk, ONE indexed lookup of the chunk's distinct end-to-end ids in
 * `payout_attempts`, then ONE `COPY … FROM STDIN` whose rows carry the link — no staging table,
 * no second write of any line, no UPDATE afterwards.
 *
 * One chunk is in flight while the next is built: Postgres looks up and stores chunk n while the
 * parser reads chunk n+1. `finish()` waits for everything; an error in any chunk surfaces there
 * (or at the next `add`), and the caller's rollback then discards every chunk — all or nothing.
 *
 * @example
 *   const writer = new StatementLineWriter(client);
 *   for (const row of rows) await writer.add(row); // undefined (nothing to wait for) until a chunk is full
 *   const linked = await writer.finish();
 */
export class StatementLineWriter {
  private readonly client: pg.PoolClient;
  private readonly chunkLines: number;
  private chunk: Chunk = newChunk();
  private chars = 0;
  private inFlight: Promise<number> | undefined;
  private linked = 0;

  constructor(client: pg.PoolClient, options: { readonly chunkLines?: number | undefined } = {}) {
    this.client = client;
    this.chunkLines = options.chunkLines ?? DEFAULT_CHUNK_LINES;
  }

  /**
   * Queue one line. Returns a promise only when the line filled a chunk, which is then sent (after
   * the one before it is stored): a million lines need no million awaits.
   */
  add(row: LineInsert): Promise<void> | undefined {
    const line = copyRow(row);
    const c = this.chunk;
    c.rows.push(line);
    c.e2e.push(row.endToEndId);
    if (row.endToEndId !== null) c.named.add(row.endToEndId);
    this.chars += line.length + 1;
    return c.rows.length >= this.chunkLines || this.chars >= MAX_CHUNK_CHARS ? this.send() : undefined;
  }

  /** Send what is queued and wait until every line is in `statement_lines`; returns how many were linked since the last finish. */
  async finish(): Promise<number> {
    await this.send();
    await this.settle();
    const linked = this.linked;
    this.linked = 0;
    return linked;
  }

  /** After a failure elsewhere: wait for the chunk in flight (its outcome no longer matters) so the connection is idle for the rollback. */
  async abandon(): Promise<void> {
    this.chunk = newChunk();
    this.chars = 0;
    await this.inFlight?.catch(() => 0);
    this.inFlight = undefined;
  }

  private async send(): Promise<void> {
    await this.settle();
    const chunk = this.chunk;
    if (chunk.rows.length === 0) return;
    this.chunk = newChunk();
    this.chars = 0;
    const flight = this.store(chunk);
    // Observed by settle(); until then a rejection must not count as unhandled.
    flight.catch(() => 0);
    this.inFlight = flight;
  }

  private async settle(): Promise<void> {
    const flight = this.inFlight;
    this.inFlight = undefined;
    if (flight !== undefined) this.linked += await flight;
  }

  private async store(chunk: Chunk): Promise<number> {
    const links = new Map<string, string>();
    if (chunk.named.size > 0) {
      const r = await this.client.query<{ end_to_end_id: string; id: string; payout_id: string }>(LOOKUP_SQL, [[...chunk.named]]);
      for (const a of r.rows) links.set(a.end_to_end_id, `\t${a.id}\t${a.payout_id}\tend_to_end_id\n`);
    }
    // Row text and link suffix side by side, one join: the payload is one flat string.
    const parts: string[] = new Array<string>(chunk.rows.length * 2);
    let linked = 0;
    for (let i = 0; i < chunk.rows.length; i++) {
      const e2e = chunk.e2e[i];
      const link = e2e === null || e2e === undefined || links.size === 0 ? undefined : links.get(e2e);
      if (link !== undefined) linked++;
      parts[2 * i] = chunk.rows[i] ?? '';
      parts[2 * i + 1] = link ?? NO_LINK;
    }
    const copy = this.client.query(copyFrom(COPY_SQL));
    // A connection lost after 'finish' still errors the stream; the next query reports it.
    copy.on('error', () => undefined);
    const finished = once(copy, 'finish');
    copy.end(parts.join(''));
    await finished;
    return linked;
  }
}

function newChunk(): Chunk {
  return { rows: [], e2e: [], named: new Set() };
}

/** One row in COPY's text format (without its newline): tab-separated, `\N` for null, backslash escapes. */
function copyRow(r: LineInsert): string {
  // One join per row makes one flat string; a 50-part template would make a tree of 50 pieces.
  return [
    r.statementRowId,
    r.lineIndex,
    r.entryIndex,
    field(r.bankId),
    field(r.accountId),
    field(r.currency),
    r.amountMinor,
    r.direction,
    r.reversal ? 't' : 'f',
    r.status,
    r.bookingDate ?? NULL,
    r.valueDate ?? NULL,
    field(r.bankReference),
    field(r.customerReference),
    field(r.endToEndId),
    field(r.uetr),
    field(r.bankTxCode),
    r.isReturn ? 't' : 'f',
    field(r.returnCode),
    field(r.returnInfo),
    field(r.counterpartyName),
    field(r.counterpartyAccount),
    field(r.remittanceInfo),
    field(r.location),
    field(r.raw),
    field(r.warnings),
  ].join('\t');
}

const NULL = '\\N';

/** A text value escaped for COPY (backslash, tab, newline, carriage return); most values need nothing. */
function field(v: string | null): string {
  if (v === null) return NULL;
  // One scan (stopping at the first hit) instead of four for the values that need nothing.
  if (!SPECIAL.test(v)) return v;
  let out = v;
  if (out.includes('\\')) out = out.replaceAll('\\', '\\\\');
  if (out.includes('\n')) out = out.replaceAll('\n', '\\n');
  if (out.includes('\r')) out = out.replaceAll('\r', '\\r');
  if (out.includes('\t')) out = out.replaceAll('\t', '\\t');
  return out;
}

const SPECIAL = /[\\\t\n\r]/;
