import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '@payout/test-harness/vitest';
import { isPayoutError } from '@payout/domain';
import { streamStatements } from '@payout/statements';
import { acceptPayouts, createApiClient, createDb, ingestStatementFile, migrateToLatest, uuidv7, type Db } from '../index.ts';
import { newPayoutFixture } from '../test-support/new-payout.fixture.ts';
import { camtDay, ingestText, sha256 } from './test-support/statement-files.ts';

const pg = usePostgres();
let db: Db;
const ACC = 'DE89370400440532013000';
const BANK = 'bank-eu';

beforeAll(async () => {
  db = createDb({ url: pg.url, maxConnections: 4 });
  await migrateToLatest(db);
  await createApiClient(db, { id: 'acme' });
});
afterAll(async () => {
  await db?.destroy();
});

async function snapshot(): Promise<Record<string, string>> {
  const r = await sql<Record<string, string>>`
    select (select count(*) from statement_files)::text as files,
           (select count(*) from bank_statements)::text as statements,
           (select count(*) from statement_lines)::text as lines,
           (select coalesce(string_agg(id::text || ':' || chain_status, ',' order by statement_date), '') from bank_statements) as chains,
           (select coalesce(sum(amount_minor), 0)::text from statement_lines) as total
  `.execute(db);
  return r.rows[0] ?? {};
}

async function attemptWithE2e(e2e: string): Promise<{ payoutId: string; attemptId: string }> {
  const [res] = await acceptPayouts(db, [newPayoutFixture({ clientId: 'acme', idempotencyKey: `k-${e2e}`, amountMinor: 5_000n })]);
  if (res?.kind !== 'created') throw new Error('fixture payout not created');
  const attemptId = uuidv7();
  await sql`insert into payout_attempts (id, payout_id, attempt_no, channel_id, end_to_end_id, state, sent_at)
            values (${attemptId}, ${res.payout.id}, 1, ${BANK}, ${e2e}, 'unknown', now())`.execute(db);
  return { payoutId: res.payout.id, attemptId };
}

describe('ingestStatementFile', () => {
  const debit = (e2e: string | undefined, amountMinor = 5_000n, date = '2026-03-02') => ({
    amountMinor,
    direction: 'debit' as const,
    bookingDate: date,
    valueDate: date,
    bankReference: `REF-${e2e ?? amountMinor}`,
    ...(e2e === undefined ? {} : { endToEndId: e2e }),
    counterparty: { name: 'Ada Lovelace', account: 'NL91ABNA0417164300' },
  });
  const day1 = camtDay({
    account: ACC,
    date: '2026-03-02',
    sequence: 1,
    openingMinor: 1_000_000n,
    lines: [debit('E2E-ING-1'), debit(undefined, 7_000n), debit('E2E-ING-2')],
  });

  it('stores the statement, its lines, and links lines to the attempts their EndToEndId names', async () => {
    const a1 = await attemptWithE2e('E2E-ING-1');
    const r = await ingestText(db, BANK, day1.text);
    expect(r.kind).toBe('ingested');
    if (r.kind !== 'ingested') return;
    expect(r).toMatchObject({ format: 'camt053', lineCount: 3, linkedLines: 1 });
    expect(r.statements).toMatchObject([
      { accountId: ACC, statementDate: '2026-03-02', balanceCheck: 'ok', chainStatus: 'first', alreadyStored: false },
    ]);
    const linked = await sql<{ attempt_id: string | null; payout_id: string | null; match_kind: string | null }>`
      select attempt_id, payout_id, match_kind from statement_lines where end_to_end_id = 'E2E-ING-1'`.execute(db);
    expect(linked.rows).toEqual([{ attempt_id: a1.attemptId, payout_id: a1.payoutId, match_kind: 'end_to_end_id' }]);
    const amounts = await sql<{ amount_minor: bigint }>`select amount_minor from statement_lines order by line_index`.execute(db);
    expect(amounts.rows.map((x) => x.amount_minor)).toEqual([5_000n, 7_000n, 5_000n]);
  });

  it('the same file twice changes nothing', async () => {
    const before = await snapshot();
    const r = await ingestText(db, BANK, day1.text);
    expect(r.kind).toBe('duplicate_file');
    expect(await snapshot()).toEqual(before);
  });

  it('the same statement inside another file is recognised and not stored twice', async () => {
    const before = await snapshot();
    const again = camtDay({
      account: ACC,
      date: '2026-03-02',
      sequence: 1,
      openingMinor: 1_000_000n,
      messageId: 'RESENT-1',
      lines: [debit('E2E-ING-1'), debit(undefined, 7_000n), debit('E2E-ING-2')],
    });
    const r = await ingestText(db, BANK, again.text);
    expect(r.kind === 'ingested' && r.statements.map((s) => s.alreadyStored)).toEqual([true]);
    const after = await snapshot();
    expect({ ...after, files: before.files }).toEqual(before);
    expect(Number(after.files)).toBe(Number(before.files) + 1);
  });

  it('refuses a statement id already stored with different content, and keeps nothing of that file', async () => {
    const before = await snapshot();
    const changed = camtDay({
      account: ACC,
      date: '2026-03-02',
      sequence: 1,
      openingMinor: 1_000_000n,
      messageId: 'CHANGED',
      lines: [debit('E2E-ING-1', 5_001n)],
    });
    const err = await ingestText(db, BANK, changed.text).catch((e: unknown) => e);
    expect(isPayoutError(err) && err.code).toBe('PAYOUT_E_CONFLICT');
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['truncated XML', (t: string) => t.slice(0, Math.floor(t.length * 0.7)), 'PAYOUT_E_STATEMENT_MALFORMED'],
    [
      'a closing balance that does not add up',
      (t: string) => t.replace(/(<Cd>CLBD<\/Cd><\/CdOrPrtry><\/Tp>\s*<Amt Ccy="EUR">)([\d.]+)/, '$1999.99'),
      'PAYOUT_E_STATEMENT_BALANCE_MISMATCH',
    ],
    ['an impossible date', (t: string) => t.replace('<BookgDt><Dt>2026-03-03', '<BookgDt><Dt>2026-02-30'), 'PAYOUT_E_STATEMENT_MALFORMED'],
  ])('a malformed file (%s) is an error with its place, and nothing of it is ingested', async (_what, corrupt, code) => {
    const day2 = camtDay({
      account: ACC,
      date: '2026-03-03',
      sequence: 2,
      openingMinor: day1.closingMinor,
      lines: [debit('E2E-X', 100n, '2026-03-03'), debit('E2E-Y', 200n, '2026-03-03')],
    });
    const bad = corrupt(day2.text);
    expect(bad).not.toBe(day2.text);
    const before = await snapshot();
    const err = await ingestText(db, BANK, bad).catch((e: unknown) => e);
    expect(isPayoutError(err) && err.code).toBe(code);
    expect(isPayoutError(err) && err.message).toMatch(/at |line|Stmt|Ntry|end of/);
    expect(await snapshot()).toEqual(before);
  });

  it('marks a gap in the sequence as broken, and a late statement repairs the chain', async () => {
    const day2 = camtDay({
      account: ACC,
      date: '2026-03-03',
      sequence: 2,
      openingMinor: day1.closingMinor,
      lines: [debit('E2E-D2', 300n, '2026-03-03')],
    });
    const day3 = camtDay({
      account: ACC,
      date: '2026-03-04',
      sequence: 3,
      openingMinor: day2.closingMinor,
      lines: [debit('E2E-D3', 400n, '2026-03-04')],
    });
    const r3 = await ingestText(db, BANK, day3.text);
    expect(r3.kind === 'ingested' && r3.statements[0]?.chainStatus).toBe('broken');
    const r2 = await ingestText(db, BANK, day2.text);
    expect(r2.kind === 'ingested' && r2.statements[0]?.chainStatus).toBe('continuous');
    const chains = await sql<{ statement_date: string; chain_status: string }>`
      select statement_date, chain_status from bank_statements where bank_id = ${BANK} order by statement_date`.execute(db);
    expect(chains.rows).toEqual([
      { statement_date: '2026-03-02', chain_status: 'first' },
      { statement_date: '2026-03-03', chain_status: 'continuous' },
      { statement_date: '2026-03-04', chain_status: 'continuous' },
    ]);
  });

  it('ingests MT940 with several statements in one file', async () => {
    const mt = [
      ':20:MTSTMT1',
      ':25:NL91ABNA0417164300',
      ':28C:7/1',
      ':60F:C260302EUR100,00',
      ':61:2603020302D10,00NTRFREF1//BANKREF1',
      ':86:/EREF/E2E-MT-1/NAME/Alice',
      ':62F:C260302EUR90,00',
      '-',
      ':20:MTSTMT2',
      ':25:NL91ABNA0417164300',
      ':28C:8/1',
      ':60F:C260303EUR90,00',
      ':61:2603030303C5,00NTRFREF2//BANKREF2',
      ':86:/EREF/E2E-MT-1/RTRN/AC04',
      ':62F:C260303EUR95,00',
      '-',
      '',
    ].join('\r\n');
    const r = await ingestText(db, 'bank-mt', mt, { format: 'mt940' });
    expect(r.kind === 'ingested' && r.statements.map((s) => [s.statementDate, s.chainStatus])).toEqual([
      ['2026-03-02', 'first'],
      ['2026-03-03', 'continuous'],
    ]);
    const ret = await sql<{ is_return: boolean; return_code: string | null; direction: string }>`
      select is_return, return_code, direction from statement_lines l join bank_statements s on s.id = l.statement_row_id
      where s.bank_id = 'bank-mt' order by s.statement_date`.execute(db);
    expect(ret.rows).toEqual([
      { is_return: false, return_code: null, direction: 'debit' },
      { is_return: true, return_code: 'AC04', direction: 'credit' },
    ]);
  });

  describe('lines are written with COPY in chunks', () => {
    const many = (prefix: string, n: number, date: string) =>
      Array.from({ length: n }, (_, i) => ({
        ...debit(`${prefix}-${i}`, BigInt(100 + i), date),
        // Stored exactly: a tab, a newline, a backslash and what looks like text COPY's NULL marker;
        // characters of 2, 3 and 4 UTF-8 bytes (binary COPY carries byte lengths, not character counts).
        remittanceInfo:
          i === 3 ? 'tab\there, new\nline, back\\slash \\N end' : i === 6 ? 'Zahlung für Müller – 支付 🙂 ok' : `Invoice ${i}`,
      }));
    const ingestChunked = (database: Db, text: string) =>
      ingestStatementFile(database, {
        bankId: 'bank-copy',
        source: 'test',
        actor: 'test',
        contentSha256: sha256(text),
        byteSize: Buffer.byteLength(text),
        events: streamStatements([text], { format: 'camt053' }),
        batchSize: 3,
      });

    it('stores every line of a statement split over many chunks, exactly, and links them', async () => {
      const a = await attemptWithE2e('COPY-A-4');
      const day = camtDay({
        account: ACC,
        date: '2026-04-01',
        sequence: 1,
        openingMinor: 1_000_000n,
        lines: many('COPY-A', 10, '2026-04-01'),
      });
      const r = await ingestChunked(db, day.text);
      expect(r).toMatchObject({ kind: 'ingested', lineCount: 10, linkedLines: 1 });
      const rows = await sql<{ line_index: number; amount_minor: bigint; remittance_info: string; raw: string; attempt_id: string | null }>`
        select line_index, amount_minor, remittance_info, raw, attempt_id from statement_lines where bank_id = 'bank-copy' order by line_index`.execute(
        db,
      );
      expect(rows.rows.map((x) => [x.line_index, x.amount_minor])).toEqual(Array.from({ length: 10 }, (_, i) => [i, BigInt(100 + i)]));
      expect(rows.rows[3]?.remittance_info).toBe('tab\there, new\nline, back\\slash \\N end');
      expect(rows.rows[6]?.remittance_info).toBe('Zahlung für Müller – 支付 🙂 ok');
      expect(rows.rows[4]?.attempt_id).toBe(a.attemptId);
      expect(rows.rows.filter((x) => x.attempt_id !== null)).toHaveLength(1);
      expect(rows.rows[0]?.raw).toContain('\n');
      expect(rows.rows[0]?.raw.startsWith('<Ntry>')).toBe(true);
    });

    it('a file that fails after several chunks were stored keeps nothing, and leaves its connection usable', async () => {
      const single = createDb({ url: pg.url, maxConnections: 1 });
      try {
        const before = await snapshot();
        const day = camtDay({
          account: ACC,
          date: '2026-04-02',
          sequence: 2,
          openingMinor: 1_000_000n,
          lines: many('COPY-B', 10, '2026-04-02'),
        });
        // The closing balance is checked only at the statement's end: after every chunk went out.
        const bad = day.text.replace(/(<Cd>CLBD<\/Cd><\/CdOrPrtry><\/Tp>\s*<Amt Ccy="EUR">)([\d.]+)/, '$1999.99');
        expect(bad).not.toBe(day.text);
        const err = await ingestChunked(single, bad).catch((e: unknown) => e);
        expect(isPayoutError(err) && err.code).toBe('PAYOUT_E_STATEMENT_BALANCE_MISMATCH');
        expect(await snapshot()).toEqual(before);
        // The pool's only connection was rolled back cleanly: the good file goes in through it.
        expect(await ingestChunked(single, day.text)).toMatchObject({ kind: 'ingested', lineCount: 10 });
      } finally {
        await single.destroy();
      }
    });
  });

  describe('parser warnings', () => {
    // MT940 with bare CR line ends and a '-' separator (statement warnings) and one 30/360 value date (a line warning).
    const mt940 =
      [
        ':20:WARN1',
        ':25:NL20INGB0001234567',
        ':28C:7/1',
        ':60F:C260227EUR1000,00',
        ':61:2602300302D10,00NTRFREF-W1//B1',
        ':86:payout one',
        ':61:2603020302D5,00NTRFREF-W2//B2',
        ':86:payout two',
        ':62F:C260302EUR985,00',
        '-',
      ].join('\r') + '\r';

    it("stores each line's and each statement's warnings as JSON, null when none, and reports them", async () => {
      const r = await ingestText(db, 'bank-warn', mt940, { format: 'mt940' });
      expect(r.kind).toBe('ingested');
      if (r.kind !== 'ingested') return;
      expect(r.statements).toHaveLength(1);
      expect(r.statements[0]?.warnings.map((w) => w.code)).toEqual(['cr_line_ends', 'control_characters']);
      expect(r.statements[0]?.lineWarnings).toEqual({ lines: 1, byCode: { value_date_normalised: 1 } });
      const st = await sql<{ warnings: { code: string; place: string; message: string }[] | null }>`
        select warnings from bank_statements where bank_id = 'bank-warn'`.execute(db);
      expect(st.rows[0]?.warnings).toEqual(r.statements[0]?.warnings);
      const lines = await sql<{ line_index: number; value_date: string; warnings: { code: string; place: string }[] | null }>`
        select line_index, to_char(value_date, 'YYYY-MM-DD') as value_date, warnings from statement_lines where bank_id = 'bank-warn' order by line_index`.execute(
        db,
      );
      expect(lines.rows).toEqual([
        {
          line_index: 0,
          value_date: '2026-02-28',
          warnings: [expect.objectContaining({ code: 'value_date_normalised', place: 'line 5' })],
        },
        { line_index: 1, value_date: '2026-03-02', warnings: null },
      ]);
    });

    it('a statement without warnings stores null', async () => {
      const rows = await sql<{ n: string }>`
        select count(*)::text as n from bank_statements where bank_id = ${BANK} and warnings is not null`.execute(db);
      expect(rows.rows[0]?.n).toBe('0');
      const lines = await sql<{ n: string; warned: string }>`
        select count(*)::text as n, count(warnings)::text as warned from statement_lines where bank_id = ${BANK}`.execute(db);
      expect(Number(lines.rows[0]?.n)).toBeGreaterThan(0);
      expect(lines.rows[0]?.warned).toBe('0');
    });
  });
});
