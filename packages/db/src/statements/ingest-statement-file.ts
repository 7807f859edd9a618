import { sql } from 'kysely';
import { PayoutError } from '@payout/domain';
import type {
  ContinuityResult,
  StatementEvent,
  StatementFormat,
  StatementHeader,
  StatementLine,
  StatementTotals,
  StatementWarning,
} from '@payout/statements';
import type { Db } from '../database.ts';
import { isUniqueViolation } from '../support/pg-errors.ts';
import { jsonParam } from '../support/json-param.ts';
import { uuidv7 } from '../support/uuid-v7.ts';
import {
  chainOf,
  compareStatements,
  storedStatementFromRow,
  type StoredStatementRecord,
  type StoredStatementRow,
} from './stored-statement.ts';
import { withClientTransaction } from './client-transaction.ts';
import { StatementLineWriter, type LineInsert } from './insert-lines.ts';

export type StatementFileSource = 'adapter' | 'cli' | 'api' | 'test';

export interface IngestStatementFileInput {
  readonly bankId: string;
  readonly source: StatementFileSource;
  /** Who ingests (e.g. `worker:verify`, `cli:ops`, an API key's actor). */
  readonly actor: string;
  /** sha-256 (hex) of the file's bytes: the same file twice is recognised before parsing. */
  readonly contentSha256: string;
  readonly byteSize: number;
  /** The parser's events: `streamStatements(source, options)` from @payout/statements. */
  readonly events: AsyncIterable<StatementEvent>;
  /** The statement date when a statement names none itself (the date it was fetched for). */
  readonly dateHint?: string | undefined;
  /** Lines per COPY chunk (default 20,000); one chunk is stored while the next is parsed. */
  readonly batchSize?: number;
}

export interface IngestedStatement {
  readonly statementRowId: string;
  readonly accountId: string;
  readonly statementId: string;
  readonly statementDate: string;
  readonly lineCount: number;
  readonly balanceCheck: 'ok' | 'mismatch' | 'not_applicable';
  readonly chainStatus: string;
  /** true: the same statement was already stored (from another file) and is identical. */
  readonly alreadyStored: boolean;
  /** The parser's statement-level warnings (stored in `bank_statements.warnings`); empty when none. */
  readonly warnings: readonly StatementWarning[];
  /** The parser's line warnings (stored in `statement_lines.warnings`): lines with any, and warnings per code. */
  readonly lineWarnings: LineWarningSummary;
}

export interface LineWarningSummary {
  /** Lines carrying at least one warning. */
  readonly lines: number;
  /** Number of warnings per code, e.g. { value_date_normalised: 3 }. */
  readonly byCode: Readonly<Record<string, number>>;
}

export type IngestResult =
  | {
      readonly kind: 'ingested';
      readonly fileId: string;
      readonly format: StatementFormat;
      readonly statements: readonly IngestedStatement[];
      readonly lineCount: number;
      /** Lines whose EndToEndId named one of our attempts. */
      readonly linkedLines: number;
    }
  | { readonly kind: 'duplicate_file'; readonly fileId: string; readonly ingestedAt: Date };

interface OpenStatement {
  readonly rowId: string;
  readonly header: StatementHeader;
  readonly existing: StoredStatementRecord | undefined;
  lines: number;
  warnedLines: number;
  readonly warningCodes: Record<string, number>;
}

/**
 * Stage a parsed statement file in ONE transaction: the file row, each statement (with its
 * balance check and its chain status against the account's previous statement) and every
 * line, linked to the attempt its EndToEndId names. A parse error, a balance that does not
 * add up or a statement that contradicts one already stored rolls everything back: nothing
 * from the file is kept. Idempotent: the same bytes again return `duplicate_file`; a
 * statement already stored from another file is checked to be identical and not stored twice.
 *
 * @example
 *   const events = streamStatements(fs.createReadStream(path), { format: 'auto' });
 *   const r = await ingestStatementFile(db, { bankId, source: 'cli', actor, contentSha256, byteSize, events });
 */
export async function ingestStatementFile(db: Db, input: IngestStatementFileInput): Promise<IngestResult> {
  const seen = await findFile(db, input.bankId, input.contentSha256);
  if (seen !== undefined) return seen;
  try {
    return await withClientTransaction(db, (tx, client) =>
      stage(tx, new StatementLineWriter(client, { chunkLines: input.batchSize }), input),
    );
  } catch (error) {
    if (isUniqueViolation(error, 'statement_files_bank_content')) {
      const again = await findFile(db, input.bankId, input.contentSha256);
      if (again !== undefined) return again;
    }
    throw error;
  }
}

async function findFile(db: Db, bankId: string, sha: string): Promise<IngestResult | undefined> {
  const r = await sql<{ id: string; ingested_at: Date }>`
    select id, ingested_at from statement_files where bank_id = ${bankId} and content_sha256 = ${sha}
  `.execute(db);
  const row = r.rows[0];
  return row === undefined ? undefined : { kind: 'duplicate_file', fileId: row.id, ingestedAt: row.ingested_at };
}

async function stage(tx: Db, lines: StatementLineWriter, input: IngestStatementFileInput): Promise<IngestResult> {
  try {
    return await stageLines(tx, lines, input);
  } catch (error) {
    // The connection must be idle before the caller rolls back: let the chunk in flight end.
    await lines.abandon();
    throw error;
  }
}

async function stageLines(tx: Db, lines: StatementLineWriter, input: IngestStatementFileInput): Promise<IngestResult> {
  const fileId = uuidv7();
  await sql`
    insert into statement_files (id, bank_id, content_sha256, format, source, byte_size, statement_count, line_count, ingested_by)
    values (${fileId}, ${input.bankId}, ${input.contentSha256}, 'unknown', ${input.source}, ${String(input.byteSize)}::bigint, 0, 0, ${input.actor})
  `.execute(tx);

  const statements: IngestedStatement[] = [];
  let open: OpenStatement | undefined;
  let linkedLines = 0;
  let lineCount = 0;

  for await (const e of input.events) {
    switch (e.kind) {
      case 'begin': {
        const existing = await findStatement(tx, input.bankId, e.header);
        open = { rowId: existing?.id ?? uuidv7(), header: e.header, existing, lines: 0, warnedLines: 0, warningCodes: {} };
        break;
      }
      case 'line': {
        if (open === undefined) throw new PayoutError('PAYOUT_E_INTERNAL', 'statement line outside a statement');
        open.lines++;
        lineCount++;
        const warnings = e.line.warnings;
        if (warnings !== undefined && warnings.length > 0) {
          open.warnedLines++;
          for (const w of warnings) open.warningCodes[w.code] = (open.warningCodes[w.code] ?? 0) + 1;
        }
        if (open.existing !== undefined) break;
        const sending = lines.add(lineInsert(input.bankId, open, e.line));
        if (sending !== undefined) await sending;
        break;
      }
      case 'end': {
        if (open === undefined) throw new PayoutError('PAYOUT_E_INTERNAL', 'statement end without a beginning');
        linkedLines += await lines.finish();
        statements.push(await closeStatement(tx, input, fileId, open, e.header, e.totals, e.continuity));
        open = undefined;
        break;
      }
      case 'complete': {
        await sql`
          update statement_files set format = ${e.format}, statement_count = ${e.statementCount}, line_count = ${e.lineCount} where id = ${fileId}
        `.execute(tx);
        return { kind: 'ingested', fileId, format: e.format, statements, lineCount, linkedLines };
      }
    }
  }
  // A stream that stops without `complete` is a truncated file: nothing of it is kept.
  throw new PayoutError('PAYOUT_E_STATEMENT_MALFORMED', 'statement file ended before the parser confirmed it complete', {
    place: 'end of file',
  });
}

function statementDateOf(h: StatementHeader, hint: string | undefined): string {
  const d = h.closingBalance?.date ?? h.period.to ?? h.period.from ?? hint;
  if (d === undefined) {
    throw new PayoutError('PAYOUT_E_STATEMENT_MALFORMED', `statement ${h.statementId} names no date (no closing balance date or period)`, {
      place: `statement ${h.statementId}`,
    });
  }
  return d;
}

async function findStatement(tx: Db, bankId: string, h: StatementHeader): Promise<StoredStatementRecord | undefined> {
  const r = await sql<StoredStatementRow>`
    select * from bank_statements
    where bank_id = ${bankId} and account_id = ${h.account.id} and statement_id = ${h.statementId} and page = ${h.sequence.page ?? 0}
  `.execute(tx);
  const row = r.rows[0];
  return row === undefined ? undefined : storedStatementFromRow(row);
}

async function closeStatement(
  tx: Db,
  input: IngestStatementFileInput,
  fileId: string,
  open: OpenStatement,
  header: StatementHeader,
  totals: StatementTotals,
  continuity: ContinuityResult,
): Promise<IngestedStatement> {
  const statementDate = statementDateOf(header, input.dateHint);
  const closing = header.closingBalance?.amountMinor ?? null;
  const opening = header.openingBalance?.amountMinor ?? null;
  const balanceCheck = continuity.kind === 'ok' ? 'ok' : continuity.kind === 'mismatch' ? 'mismatch' : 'not_applicable';
  const warnings = header.warnings ?? [];
  const lineWarnings: LineWarningSummary = { lines: open.warnedLines, byCode: open.warningCodes };
  if (open.existing !== undefined) {
    const x = open.existing;
    const same =
      x.lineCount === totals.lineCount &&
      x.creditsMinor === totals.credits.amountMinor &&
      x.debitsMinor === totals.debits.amountMinor &&
      x.openingMinor === opening &&
      x.closingMinor === closing &&
      x.currency === header.currency;
    if (!same) {
      throw new PayoutError(
        'PAYOUT_E_CONFLICT',
        `statement ${header.statementId} of account ending ${header.account.id.slice(-4)} was already ingested with different content`,
        {
          statementId: header.statementId,
          existingFileId: x.fileId,
        },
      );
    }
    return {
      statementRowId: x.id,
      accountId: x.accountId,
      statementId: x.statementId,
      statementDate: x.statementDate,
      lineCount: x.lineCount,
      balanceCheck: x.balanceCheck,
      chainStatus: x.chainStatus,
      alreadyStored: true,
      warnings,
      lineWarnings,
    };
  }
  const record: StoredStatementRecord = {
    id: open.rowId,
    fileId,
    bankId: input.bankId,
    accountId: header.account.id,
    statementId: header.statementId,
    page: header.sequence.page ?? 0,
    lastPage: header.sequence.lastPage ?? null,
    electronicSeq: header.sequence.electronic ?? null,
    legalSeq: header.sequence.legal ?? null,
    format: header.format,
    currency: header.currency,
    statementDate,
    openingMinor: opening,
    closingMinor: closing,
    creditsMinor: totals.credits.amountMinor,
    debitsMinor: totals.debits.amountMinor,
    lineCount: totals.lineCount,
    balanceCheck,
    chainStatus: 'first',
    matchedAt: null,
  };
  const neighbours = await loadNeighbours(tx, input.bankId, record);
  const all = [...neighbours, record].sort(compareStatements);
  const at = all.indexOf(record);
  const chain = chainOf(all[at - 1], record);
  await sql`
    insert into bank_statements (id, file_id, bank_id, account_id, statement_id, page, last_page, electronic_seq, legal_seq, format, version,
      currency, statement_date, period_from, period_to, bank_created_at, opening_minor, closing_minor, credits_minor, debits_minor,
      credit_count, debit_count, line_count, balance_check, chain_status, chain_detail, warnings)
    values (${record.id}, ${fileId}, ${input.bankId}, ${record.accountId}, ${record.statementId}, ${record.page}, ${record.lastPage},
      ${record.electronicSeq}, ${record.legalSeq}, ${header.format}, ${header.version ?? null}, ${header.currency}, ${statementDate},
      ${header.period.from ?? null}, ${header.period.to ?? null}, ${header.creationDateTime ?? null},
      ${opening === null ? null : String(opening)}::bigint, ${closing === null ? null : String(closing)}::bigint,
      ${String(totals.credits.amountMinor)}::bigint, ${String(totals.debits.amountMinor)}::bigint, ${totals.credits.count}, ${totals.debits.count},
      ${totals.lineCount}, ${balanceCheck}, ${chain.status}, ${jsonParam(chain.result ?? {})}::jsonb,
      ${warnings.length === 0 ? null : JSON.stringify(warnings)}::jsonb)
  `.execute(tx);
  // A statement that arrives late (the missing one of a gap) repairs its successor's chain.
  const next = all[at + 1];
  if (next !== undefined) {
    const after = chainOf(record, next);
    if (after.status !== next.chainStatus) {
      await sql`update bank_statements set chain_status = ${after.status}, chain_detail = ${jsonParam(after.result ?? {})}::jsonb where id = ${next.id}`.execute(
        tx,
      );
    }
  }
  return {
    statementRowId: record.id,
    accountId: record.accountId,
    statementId: record.statementId,
    statementDate,
    lineCount: totals.lineCount,
    balanceCheck,
    chainStatus: chain.status,
    alreadyStored: false,
    warnings,
    lineWarnings,
  };
}

async function loadNeighbours(tx: Db, bankId: string, s: StoredStatementRecord): Promise<StoredStatementRecord[]> {
  // Two statements either side in date order are enough to place the new one in the chain.
  const r = await sql<StoredStatementRow>`
    (select * from bank_statements where bank_id = ${bankId} and account_id = ${s.accountId} and currency = ${s.currency}
       and statement_date <= ${s.statementDate} order by statement_date desc, electronic_seq desc nulls last, page desc limit 3)
    union all
    (select * from bank_statements where bank_id = ${bankId} and account_id = ${s.accountId} and currency = ${s.currency}
       and statement_date > ${s.statementDate} order by statement_date, electronic_seq nulls last, page limit 3)
  `.execute(tx);
  return r.rows.map(storedStatementFromRow);
}

function lineInsert(bankId: string, open: OpenStatement, l: StatementLine): LineInsert {
  const code = l.bankTransactionCode;
  const btc =
    code === undefined
      ? null
      : [code.domain, code.family, code.subFamily].every((x) => x !== undefined)
        ? `${code.domain}/${code.family}/${code.subFamily}`
        : (code.proprietary ?? code.subFamily ?? null);
  return {
    statementRowId: open.rowId,
    lineIndex: l.index,
    entryIndex: l.entryIndex,
    bankId,
    accountId: open.header.account.id,
    currency: l.currency,
    amountMinor: l.amountMinor,
    direction: l.direction,
    reversal: l.reversal,
    status: l.status,
    bookingDate: l.bookingDate ?? null,
    valueDate: l.valueDate ?? null,
    bankReference: l.bankReference ?? l.accountServicerReference ?? null,
    customerReference: l.customerReference ?? null,
    endToEndId: l.endToEndId ?? null,
    uetr: l.uetr ?? null,
    bankTxCode: btc,
    isReturn: l.returnReason !== undefined || code?.subFamily === 'RRTN',
    returnCode: l.returnReason?.code ?? null,
    returnInfo: l.returnReason?.info ?? null,
    counterpartyName: l.counterparty?.name ?? null,
    counterpartyAccount: l.counterparty?.account ?? null,
    remittanceInfo: l.remittanceInfo ?? null,
    location: l.location,
    raw: l.raw,
    warnings: l.warnings === undefined || l.warnings.length === 0 ? null : JSON.stringify(l.warnings),
  };
}
