import { once } from 'node:events';
import type pg from 'pg';
import { PayoutError } from '@payout/domain';
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

/** Lines per COPY chunk, and the most bytes one chunk may hold before it is sent anyway. */
const DEFAULT_CHUNK_LINES = 20_000;
const MAX_CHUNK_BYTES = 16 << 20;

const COLUMNS =
  'statement_row_id, line_index, entry_index, bank_id, account_id, currency, amount_minor, direction, reversal, status, booking_date, value_date, ' +
  'bank_reference, customer_reference, end_to_end_id, uetr, bank_tx_code, is_return, return_code, return_info, counterparty_name, ' +
  'counterparty_account, remittance_info, location, raw, warnings';
/** The link columns come last in each row: a row is encoded while parsing, its link once the chunk's lookup answers. */
const COPY_SQL = `copy statement_lines (${COLUMNS}, attempt_id, payout_id, match_kind) from stdin with (format binary)`;
const FIELDS = 29;
const LOOKUP_SQL = 'select end_to_end_id, id, payout_id from payout_attempts where end_to_end_id = any($1::text[])';

/** COPY BINARY: signature, flags, header extension length; the trailer is a field count of -1. */
const COPY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const COPY_TRAILER = Buffer.from([0xff, 0xff]);
/** attempt_id, payout_id, match_kind all null. */
const NO_LINK = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
const MATCH_KIND = Buffer.from('end_to_end_id', 'utf8');

interface Chunk {
  readonly rows: RowEncoder;
  /** End of each row in `rows` (its start is the previous row's end). */
  readonly ends: number[];
  /** End-to-end id per row (null when the line names none). */
  readonly e2e: (string | null)[];
  /** Distinct non-null end-to-end ids, for the lookup. */
  readonly named: Set<string>;
}

/**
 * Writes statement lines with COPY (binary format) straight into `statement_lines`, inside the
 * caller's transaction on `client`. Each line is linked to the attempt its EndToEndId names as it
 * is written: per chunk, ONE indexed lookup of the chunk's distinct end-to-end ids in
 * `payout_attempts`, then ONE `COPY … FROM STDIN` whose rows carry the link — no staging table,
 * no second write of any line, no UPDATE afterwards.
 *
 * Binary, not text: values go into the buffer as they are (UTF-8 text, integers, days, uuid
 * bytes), so nothing is escaped in Node and nothing is unescaped and parsed back in Postgres — a
 * camt line carries ~700 bytes of raw XML full of line ends.
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
    const c = this.chunk;
    encodeRow(c.rows, row);
    c.ends.push(c.rows.length);
    c.e2e.push(row.endToEndId);
    if (row.endToEndId !== null) c.named.add(row.endToEndId);
    return c.ends.length >= this.chunkLines || c.rows.length >= MAX_CHUNK_BYTES ? this.send() : undefined;
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
    await this.inFlight?.catch(() => 0);
    this.inFlight = undefined;
  }

  private async send(): Promise<void> {
    await this.settle();
    const chunk = this.chunk;
    if (chunk.ends.length === 0) return;
    this.chunk = newChunk();
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
    const links = new Map<string, Buffer>();
    if (chunk.named.size > 0) {
      const r = await this.client.query<{ end_to_end_id: string; id: string; payout_id: string }>(LOOKUP_SQL, [[...chunk.named]]);
      for (const a of r.rows) links.set(a.end_to_end_id, linkFields(a.id, a.payout_id));
    }
    const rows = chunk.rows.bytes();
    let size = COPY_HEADER.length + rows.length + COPY_TRAILER.length;
    const suffixes: Buffer[] = new Array<Buffer>(chunk.ends.length);
    let linked = 0;
    for (let i = 0; i < chunk.ends.length; i++) {
      const e2e = chunk.e2e[i];
      const link = e2e === null || e2e === undefined || links.size === 0 ? undefined : links.get(e2e);
      if (link !== undefined) linked++;
      const suffix = link ?? NO_LINK;
      suffixes[i] = suffix;
      size += suffix.length;
    }
    // One buffer: header, each row followed by its link fields, trailer.
    const payload = Buffer.allocUnsafe(size);
    let at = COPY_HEADER.copy(payload, 0);
    let start = 0;
    for (let i = 0; i < chunk.ends.length; i++) {
      const end = chunk.ends[i] ?? start;
      at += rows.copy(payload, at, start, end);
      at += (suffixes[i] ?? NO_LINK).copy(payload, at);
      start = end;
    }
    COPY_TRAILER.copy(payload, at);
    const copy = this.client.query(copyFrom(COPY_SQL));
    // A connection lost after 'finish' still errors the stream; the next query reports it.
    copy.on('error', () => undefined);
    const finished = once(copy, 'finish');
    copy.end(payload);
    await finished;
    return linked;
  }
}

function newChunk(): Chunk {
  return { rows: new RowEncoder(), ends: [], e2e: [], named: new Set() };
}

/** A growing buffer of COPY BINARY fields. */
class RowEncoder {
  private buf = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  /** The uuid last encoded, and its bytes: a statement's lines all carry the same one. */
  private uuidText = '';
  private uuidBytes: Buffer = Buffer.alloc(16);

  get length(): number {
    return this.at;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  fieldCount(n: number): void {
    this.room(2);
    this.at = this.buf.writeInt16BE(n, this.at);
  }

  int32(v: number): void {
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.at = this.buf.writeInt32BE(v, this.at + 4);
  }

  int64(v: bigint): void {
    this.room(12);
    this.buf.writeInt32BE(8, this.at);
    this.at = this.buf.writeBigInt64BE(v, this.at + 4);
  }

  bool(v: boolean): void {
    this.room(5);
    this.buf.writeInt32BE(1, this.at);
    this.buf[this.at + 4] = v ? 1 : 0;
    this.at += 5;
  }

  /** Text as UTF-8 (also char(n)); null as length -1. */
  text(v: string | null): void {
    if (v === null) {
      this.room(4);
      this.at = this.buf.writeInt32BE(-1, this.at);
      return;
    }
    this.room(4 + 3 * v.length);
    const n = v.length <= SHORT_TEXT ? writeShort(this.buf, v, this.at + 4) : this.buf.write(v, this.at + 4, 'utf8');
    this.buf.writeInt32BE(n, this.at);
    this.at += 4 + n;
  }

  /** jsonb: a version byte (1), then the JSON text. */
  jsonb(v: string | null): void {
    if (v === null) {
      this.text(null);
      return;
    }
    this.room(5 + 3 * v.length);
    const n = this.buf.write(v, this.at + 5, 'utf8');
    this.buf.writeInt32BE(n + 1, this.at);
    this.buf[this.at + 4] = 1;
    this.at += 5 + n;
  }

  /** A date as days since 2000-01-01. */
  date(v: string | null): void {
    if (v === null) {
      this.text(null);
      return;
    }
    this.int32(daysSince2000(v));
  }

  uuid(v: string): void {
    if (v !== this.uuidText) {
      this.uuidBytes = uuidBytes(v);
      this.uuidText = v;
    }
    this.room(20);
    this.buf.writeInt32BE(16, this.at);
    this.at += 4 + this.uuidBytes.copy(this.buf, this.at + 4);
  }
}

/** Up to this many characters, ASCII text is copied by a loop here: cheaper than a call into Buffer's native UTF-8 writer. */
const SHORT_TEXT = 64;

/** Writes `v` as UTF-8 at `at`; returns the bytes written. */
function writeShort(buf: Buffer, v: string, at: number): number {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x80) return buf.write(v, at, 'utf8');
    buf[at + i] = c;
  }
  return v.length;
}

function encodeRow(e: RowEncoder, r: LineInsert): void {
  e.fieldCount(FIELDS);
  e.uuid(r.statementRowId);
  e.int32(r.lineIndex);
  e.int32(r.entryIndex);
  e.text(r.bankId);
  e.text(r.accountId);
  e.text(r.currency);
  e.int64(r.amountMinor);
  e.text(r.direction);
  e.bool(r.reversal);
  e.text(r.status);
  e.date(r.bookingDate);
  e.date(r.valueDate);
  e.text(r.bankReference);
  e.text(r.customerReference);
  e.text(r.endToEndId);
  e.text(r.uetr);
  e.text(r.bankTxCode);
  e.bool(r.isReturn);
  e.text(r.returnCode);
  e.text(r.returnInfo);
  e.text(r.counterpartyName);
  e.text(r.counterpartyAccount);
  e.text(r.remittanceInfo);
  e.text(r.location);
  e.text(r.raw);
  e.jsonb(r.warnings);
  // attempt_id, payout_id, match_kind follow when the chunk is stored.
}

/** The three link fields of a linked line. */
function linkFields(attemptId: string, payoutId: string): Buffer {
  const out = Buffer.allocUnsafe(4 + 16 + 4 + 16 + 4 + MATCH_KIND.length);
  out.writeInt32BE(16, 0);
  uuidBytes(attemptId).copy(out, 4);
  out.writeInt32BE(16, 20);
  uuidBytes(payoutId).copy(out, 24);
  out.writeInt32BE(MATCH_KIND.length, 40);
  MATCH_KIND.copy(out, 44);
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(v: string): Buffer {
  if (!UUID.test(v))
    throw new PayoutError('PAYOUT_E_INTERNAL', `statement line ingestion: ${JSON.stringify(v.slice(0, 40))} is not a uuid`);
  return Buffer.from(v.replaceAll('-', ''), 'hex');
}

const DAY_MS = 86_400_000;
const EPOCH_2000 = Date.UTC(2000, 0, 1);
/** The last date converted: a statement's lines mostly share their dates. */
let lastDate = '';
let lastDays = 0;

/** "2026-03-02" → days since 2000-01-01; anything but a real calendar date in that form is refused (Postgres would refuse it too). */
function daysSince2000(v: string): number {
  if (v === lastDate) return lastDays;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  const d = Number(m?.[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (m === null || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new PayoutError('PAYOUT_E_INTERNAL', `statement line ingestion: ${JSON.stringify(v.slice(0, 20))} is not a date (YYYY-MM-DD)`);
  }
  lastDate = v;
  lastDays = (t - EPOCH_2000) / DAY_MS;
  return lastDays;
}
