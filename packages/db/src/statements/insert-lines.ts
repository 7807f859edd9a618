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
}

/** Lines per COPY chunk, and the most text one chunk may hold before it is sent anyway. */
const DEFAULT_CHUNK_LINES = 20_000;
const MAX_CHUNK_CHARS = 16 << 20;

const STAGING = 'statement_line_staging';
const COLUMNS =
  'statement_row_id, line_index, entry_index, bank_id, account_id, currency, amount_minor, direction, reversal, status, booking_date, value_date, ' +
  'bank_reference, customer_reference, end_to_end_id, uetr, bank_tx_code, is_return, return_code, return_info, counterparty_name, ' +
  'counterparty_account, remittance_info, location, raw';

/**
 * Writes statement lines with COPY, inside the caller's transaction on `client`:
 * each chunk of lines is COPYed into a temporary staging table (dropped at commit), then moved
 * into `statement_lines` by ONE `insert … select` that also links every line to the attempt its
 * EndToEndId names (a join on the unique end-to-end id index), so no line is ever updated
 * afterwards just to link it.
 *
 * One chunk is in flight while the next is built: Postgres stores chunk n while the parser
 * reads chunk n+1. `finish()` waits for everything; an error in any chunk surfaces there (or at
 * the next `add`), and the caller's rollback then discards every chunk — all or nothing.
 *
 * The staging table is written, not the target, because the attempt link needs a join that
 * COPY cannot do; the table has no indexes and no WAL, so the second write is the cheap one.
 *
 * @example
 *   const writer = new StatementLineWriter(client);
 *   for (const row of rows) await writer.add(row);
 *   const linked = await writer.finish();
 */
export class StatementLineWriter {
  private readonly client: pg.PoolClient;
  private readonly chunkLines: number;
  private text: string[] = [];
  private chars = 0;
  private inFlight: Promise<number> | undefined;
  private stagingReady = false;
  private linked = 0;

  constructor(client: pg.PoolClient, options: { readonly chunkLines?: number | undefined } = {}) {
    this.client = client;
    this.chunkLines = options.chunkLines ?? DEFAULT_CHUNK_LINES;
  }

  /** Queue one line; sends a full chunk (waiting for the one before it first). */
  async add(row: LineInsert): Promise<void> {
    const line = copyRow(row);
    this.text.push(line);
    this.chars += line.length + 1;
    if (this.text.length >= this.chunkLines || this.chars >= MAX_CHUNK_CHARS) await this.send();
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
    this.text = [];
    this.chars = 0;
    await this.inFlight?.catch(() => 0);
    this.inFlight = undefined;
  }

  private async send(): Promise<void> {
    await this.settle();
    if (this.text.length === 0) return;
    const chunk = `${this.text.join('\n')}\n`;
    this.text = [];
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

  private async store(chunk: string): Promise<number> {
    if (!this.stagingReady) {
      await this.client.query(`
        create temp table if not exists ${STAGING} (
          statement_row_id uuid, line_index integer, entry_index integer, bank_id text, account_id text, currency text,
          amount_minor bigint, direction text, reversal boolean, status text, booking_date date, value_date date,
          bank_reference text, customer_reference text, end_to_end_id text, uetr text, bank_tx_code text, is_return boolean,
          return_code text, return_info text, counterparty_name text, counterparty_account text, remittance_info text,
          location text, raw text
        ) on commit drop`);
      this.stagingReady = true;
    }
    const copy = this.client.query(copyFrom(`copy ${STAGING} (${COLUMNS}) from stdin`));
    // A connection lost after 'finish' still errors the stream; the next query reports it.
    copy.on('error', () => undefined);
    const finished = once(copy, 'finish');
    copy.end(chunk);
    await finished;
    const r = await this.client.query<{ linked: string }>(`
      with ins as (
        insert into statement_lines (${COLUMNS}, attempt_id, payout_id, match_kind)
        select s.statement_row_id, s.line_index, s.entry_index, s.bank_id, s.account_id, s.currency, s.amount_minor, s.direction,
          s.reversal, s.status, s.booking_date, s.value_date, s.bank_reference, s.customer_reference, s.end_to_end_id, s.uetr,
          s.bank_tx_code, s.is_return, s.return_code, s.return_info, s.counterparty_name, s.counterparty_account, s.remittance_info,
          s.location, s.raw, a.id, a.payout_id, case when a.id is null then null else 'end_to_end_id' end
        from ${STAGING} s left join payout_attempts a on a.end_to_end_id = s.end_to_end_id
        returning attempt_id
      )
      select count(attempt_id)::text as linked from ins`);
    await this.client.query(`truncate ${STAGING}`);
    return Number(r.rows[0]?.linked ?? 0);
  }
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
  ].join('\t');
}

const NULL = '\\N';

/** A text value escaped for COPY (backslash, tab, newline, carriage return); most values need nothing. */
function field(v: string | null): string {
  if (v === null) return NULL;
  let out = v;
  if (out.includes('\\')) out = out.replaceAll('\\', '\\\\');
  if (out.includes('\n')) out = out.replaceAll('\n', '\\n');
  if (out.includes('\r')) out = out.replaceAll('\r', '\\r');
  if (out.includes('\t')) out = out.replaceAll('\t', '\\t');
  return out;
}
