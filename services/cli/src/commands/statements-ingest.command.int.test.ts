import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '@payout/test-harness/vitest';
import { writeCamt053 } from '@payout/statements';
import type { CliIo } from '../cli-io.ts';
import { statementsIngestCommand } from './statements-ingest.command.ts';

const pgdb = usePostgres();
let dir: string;
let db: pg.Pool;

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: { DATABASE_URL: pgdb.url, USER: 'tester' } };
}

const camt = (seq: number, opening: bigint, amounts: bigint[]): string => {
  const date = `2026-03-0${seq + 1}`;
  const closing = amounts.reduce((b, a) => b - a, opening);
  return [
    ...writeCamt053(
      {
        messageId: `M${seq}`,
        statementId: `S${seq}`,
        account: { id: 'DE89370400440532013000', scheme: 'iban' },
        currency: 'EUR',
        sequence: String(seq),
        creationDateTime: `${date}T20:00:00Z`,
        openingBalance: { amountMinor: opening, date },
        closingBalance: { amountMinor: closing, date },
      },
      amounts.map((a, i) => ({
        amountMinor: a,
        direction: 'debit' as const,
        bookingDate: date,
        valueDate: date,
        endToEndId: `CLI-${seq}-${i}`,
      })),
    ),
  ].join('');
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'payout-ingest-'));
  db = new pg.Pool({ connectionString: pgdb.url, max: 2 });
});
afterAll(async () => {
  await db?.end();
  await rm(dir, { recursive: true, force: true });
});

async function state(): Promise<string> {
  const r = await db.query<{ s: string }>(
    `select (select count(*) from statement_files) || '/' || (select count(*) from bank_statements) || '/' || (select count(*) from statement_lines) as s`,
  );
  return r.rows[0]?.s ?? '';
}

describe('payout statements ingest', () => {
  it('ingests a file, and the same file twice leaves the same state', async () => {
    const file = join(dir, 'day1.xml');
    await writeFile(file, camt(1, 100_000n, [1_000n, 2_500n]));
    const first = io();
    expect(await statementsIngestCommand([file, '--bank', 'eu-bank'], first)).toBe(0);
    expect(first.out[0]).toMatch(/ingested .* camt053, 1 statement\(s\), 2 line\(s\)/);
    expect(first.out.join('\n')).not.toContain('DE89370400440532013000');
    const after1 = await state();
    expect(after1).toBe('1/1/2');
    const second = io();
    expect(await statementsIngestCommand([file, '--bank', 'eu-bank', '--json'], second)).toBe(0);
    expect(JSON.parse(second.out[0] ?? '{}')).toMatchObject({ kind: 'duplicate_file' });
    expect(await state()).toBe(after1);
  });

  it('a malformed file is refused with its place, and nothing of it is stored', async () => {
    const file = join(dir, 'bad.xml');
    const text = camt(2, 96_500n, [10n, 20n]);
    await writeFile(file, text.replace('<Amt Ccy="EUR">0.20</Amt>', '<Amt Ccy="EUR">12,34.5</Amt>'));
    const before = await state();
    const r = io();
    expect(await statementsIngestCommand([file, '--bank', 'eu-bank'], r)).toBe(1);
    expect(r.err[0]).toMatch(/^error \[PAYOUT_E_STATEMENT_MALFORMED\]: .* at .*line \d+.* — nothing was stored/);
    expect(await state()).toBe(before);
  });

  it('refuses bad arguments and a missing DATABASE_URL', async () => {
    const r = io();
    expect(await statementsIngestCommand(['x.xml'], r)).toBe(2);
    expect(r.err[0]).toMatch(/--bank ID is required/);
    const noDb = { ...io(), env: {} };
    expect(await statementsIngestCommand(['x.xml', '--bank', 'b'], noDb)).toBe(2);
    expect(await statementsIngestCommand(['x.xml', '--bank', 'b', '--format', 'pdf'], io())).toBe(2);
  });

  it("prints the parser's warnings (count and codes) and includes them in --json", async () => {
    // Bare CR line ends and a '-' separator: statement warnings; a 30/360 value date (Feb 30th): a line warning.
    const text =
      [
        ':20:CLI-W',
        ':25:NL20INGB0001234567',
        ':28C:3/1',
        ':60F:C260227EUR1000,00',
        ':61:2602300302D10,00NTRFREF-1//B1',
        ':86:one',
        ':61:2603020302D5,00NTRFREF-2//B2',
        ':86:two',
        ':62F:C260302EUR985,00',
        '-',
      ].join('\r') + '\r';
    const file = join(dir, 'warned.sta');
    await writeFile(file, text);
    const human = io();
    expect(await statementsIngestCommand([file, '--bank', 'warn-bank', '--format', 'mt940'], human)).toBe(0);
    expect(human.out).toContain('    statement warnings: 2 (cr_line_ends ×1, control_characters ×1)');
    expect(human.out).toContain('    line warnings: 1 on 1 line(s) (value_date_normalised ×1)');

    const again = join(dir, 'warned-json.sta');
    await writeFile(again, text.replace(':20:CLI-W', ':20:CLI-WJ').replace(':28C:3/1', ':28C:4/1'));
    const json = io();
    expect(await statementsIngestCommand([again, '--bank', 'warn-bank-json', '--format', 'mt940', '--json'], json)).toBe(0);
    const parsed = JSON.parse(json.out.join('')) as {
      statements: { warnings: { code: string }[]; lineWarnings: { lines: number; byCode: Record<string, number> } }[];
    };
    expect(parsed.statements[0]?.warnings.map((w) => w.code)).toEqual(['cr_line_ends', 'control_characters']);
    expect(parsed.statements[0]?.lineWarnings).toEqual({ lines: 1, byCode: { value_date_normalised: 1 } });
  });
});
