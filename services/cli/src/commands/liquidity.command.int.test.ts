import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '@payout/test-harness/vitest';
import { createDb, migrateDatabaseUrl, type Db } from '@payout/db';
import { openingBalancePosting } from '@payout/ledger';
import { PgLedgerStore, getLiquidityPlan, loadPositions, replayRecordedPlan } from '@payout/db/ledger';
import { toJsonSafe } from '@payout/ledger';
import type { CliIo } from '../cli-io.ts';
import { liquidityCommand } from './liquidity.command.ts';

const EXAMPLE = fileURLToPath(new URL('./fixtures/liquidity-inputs.example.json', import.meta.url));
const pg = usePostgres();
let db: Db;

beforeAll(async () => {
  await migrateDatabaseUrl(pg.url);
  db = createDb({ url: pg.url, maxConnections: 1 });
});
afterAll(async () => {
  await db?.destroy();
});

async function run(
  argv: string[],
  env: Record<string, string> = { DATABASE_URL: pg.url, USER: 'treasurer' },
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env };
  const code = await liquidityCommand(argv, io);
  return { code, out, err };
}

describe('./dev payout liquidity against DATABASE_URL', () => {
  it('configures funding accounts, plans from the ledger and records the plan with its inputs', async () => {
    const empty = await run(['accounts']);
    expect(empty.out).toEqual(['no funding accounts configured — add them with ./dev payout liquidity accounts --import FILE']);

    const imported = await run(['accounts', '--import', EXAMPLE, '--json']);
    expect(imported.err).toEqual([]);
    expect(JSON.parse(imported.out[0]!)).toEqual({ saved: ['cn-beps-main', 'us-ach-main', 'eu-sct-main'], unchanged: [] });
    expect(JSON.parse((await run(['accounts', '--import', EXAMPLE, '--json'])).out[0]!)).toMatchObject({
      saved: [],
      unchanged: ['cn-beps-main', 'us-ach-main', 'eu-sct-main'],
    });
    expect((await run(['accounts'])).out.join('\n')).toMatch(/^cn-beps-main\s+CNY {2}rail CN_BEPS {2}cut-off 15:30/m);

    const store = new PgLedgerStore(db);
    const at = new Date('2026-09-29T02:00:00Z');
    await store.append([
      openingBalancePosting({
        fundingAccountId: 'cn-beps-main',
        currency: 'CNY',
        statementId: 'S0929',
        balanceMinor: 100_000_000n,
        bookingDate: '2026-09-29',
        at,
      })!,
    ]);

    const json = await run(['plan', '--now', '2026-09-30T07:00:00Z', '--json']);
    expect(json.err).toEqual([]);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.out.join('\n')) as {
      source: string;
      recordedPlanId: string;
      plan: { accounts: { fundingAccountId: string; confirmedMinor: string; deadline: { at: string } }[] };
    };
    expect(body.source).toBe('postgres (DATABASE_URL)');
    const cn = body.plan.accounts.find((a) => a.fundingAccountId === 'cn-beps-main');
    expect(cn).toMatchObject({ confirmedMinor: '100000000', deadline: { at: '2026-09-30T07:30:00.000Z' } });

    const recorded = await getLiquidityPlan(db, body.recordedPlanId);
    expect(recorded).toMatchObject({
      recordedBy: 'cli:treasurer',
      source: 'postgres (DATABASE_URL)',
      accountCount: 3,
      plannedAt: '2026-09-30T07:00:00.000Z',
    });
    expect(toJsonSafe(replayRecordedPlan(recorded!))).toEqual((body as unknown as { plan: unknown }).plan);

    const text = await run(['plan', '--now', '2026-09-30T07:00:00Z', '--date', '2026-09-30']);
    expect(text.code).toBe(0);
    expect(text.out[0]).toBe('inputs: postgres (DATABASE_URL)');
    expect(text.out.join('\n')).toContain('run          2026-10-01 … 2026-10-07 (7 days); back to business 2026-10-08');
    expect(text.out.at(-1)).toMatch(/^recorded as liquidity plan [0-9a-f-]{36} \(with its inputs\)$/);

    expect((await run(['accounts', '--deactivate', 'eu-sct-main'])).out).toEqual(['deactivated eu-sct-main']);
    const missing = await run(['accounts', '--deactivate', 'eu-sct-main']);
    expect([missing.code, missing.err[0]]).toEqual([1, expect.stringMatching(/^error \[PAYOUT_E_NOT_FOUND\]/)]);
  });

  it('says what to do when the database has no ledger tables or no DATABASE_URL is set', async () => {
    const bare = await run(['plan'], { DATABASE_URL: pg.adminUrl });
    expect(bare.code).toBe(1);
    expect(bare.err[0]).toMatch(
      /^error \[PAYOUT_E_CONFIG_INVALID\]: the database at DATABASE_URL has no ledger tables — run \.\/dev payout migrate first/,
    );
    const none = await run(['plan'], {});
    expect(none.code).toBe(2);
    expect(none.err[0]).toMatch(/set DATABASE_URL, or pass --inputs FILE/);
    expect((await run(['accounts'], {})).code).toBe(2);
  });

  it('fund: records a funding transfer in transit, audited as cli:$USER; bad input is refused with a stable code and books nothing', async () => {
    expect((await run(['accounts', '--import', EXAMPLE])).code).toBe(0);
    const fund = (...extra: string[]) => run(['fund', '--account', 'cn-beps-main', '--currency', 'CNY', ...extra]);
    const ok = await fund('--amount', '5000.00', '--reference', 'T-123');
    expect(ok.err).toEqual([]);
    expect(ok.out).toEqual([
      'recorded: funding T-123 5000.00 CNY cn-treasury-pool → cn-beps-main (in transit until the statement shows it)',
    ]);
    const again = await fund('--amount', '5000.00', '--reference', 'T-123', '--json');
    expect(JSON.parse(again.out[0]!)).toMatchObject({
      outcome: 'already_recorded',
      transferId: 'T-123',
      amountMinor: '500000',
      currency: 'CNY',
      state: 'in_transit',
      seenOn: null,
    });
    const [position] = await loadPositions(db, { fundingAccountIds: ['cn-beps-main'] });
    expect(position).toMatchObject({ fundingInTransitMinor: 500_000n });
    const audit = await db.selectFrom('audit_log').select(['actor', 'after']).where('target', '=', 'funding_transfer:T-123').execute();
    expect(audit).toEqual([
      {
        actor: 'cli:treasurer',
        after: { fundingAccountId: 'cn-beps-main', sourceAccountId: 'cn-treasury-pool', amountMinor: '500000', currency: 'CNY' },
      },
    ]);

    const refusals: [string[], number, string][] = [
      [['--amount', '5000.00', '--reference', 'T-124', '--currency', 'USD'], 1, 'PAYOUT_E_CURRENCY_MISMATCH'],
      [['--amount', '5000.001', '--reference', 'T-124'], 1, 'PAYOUT_E_INVALID_AMOUNT'],
      [['--amount', '5e3', '--reference', 'T-124'], 1, 'PAYOUT_E_INVALID_AMOUNT'],
      [['--amount', '0.00', '--reference', 'T-124'], 1, 'PAYOUT_E_INVALID_AMOUNT'],
      [['--amount', '-5.00', '--reference', 'T-124'], 1, 'PAYOUT_E_INVALID_AMOUNT'],
      [['--amount', '5000.00', '--reference', 'T|124'], 2, 'PAYOUT_E_VALIDATION'],
      [['--amount', '5000.00', '--reference', 'T-124', '--source', 'bad source'], 2, 'PAYOUT_E_VALIDATION'],
      [['--amount', '5000.00'], 2, 'PAYOUT_E_VALIDATION'],
      [['--amount', '4000.00', '--reference', 'T-123'], 1, 'PAYOUT_E_CONFLICT'],
    ];
    for (const [args, code, error] of refusals) {
      const r = await fund(...args);
      expect([r.code, r.err[0]?.slice(0, error.length + 8)]).toEqual([code, `error [${error}]`]);
    }
    const other = await run(['fund', '--account', 'nowhere', '--currency', 'CNY', '--amount', '1.00', '--reference', 'T-124']);
    expect([other.code, other.err[0]]).toEqual([
      1,
      expect.stringMatching(/^error \[PAYOUT_E_NOT_FOUND\]: no active funding account nowhere/),
    ]);
    const store = new PgLedgerStore(db);
    expect((await store.postingsForFundingTransfer('T-123')).map((p) => p.id)).toEqual(['funding|T-123|sent']);
    expect(await store.postingsForFundingTransfer('T-124')).toEqual([]);
    expect(await db.selectFrom('audit_log').select('target').where('action', '=', 'liquidity.funding_sent').execute()).toEqual([
      { target: 'funding_transfer:T-123' },
    ]);
    expect((await run(['fund', '--account', 'x', '--currency', 'CNY', '--amount', '1.00', '--reference', 'T-1'], {})).code).toBe(2);
  });
  it('records a partial plan (CN has no 2027 data) like any other, and replays it identically', async () => {
    expect((await run(['accounts', '--import', EXAMPLE])).code).toBe(0);
    const json = await run(['plan', '--now', '2026-12-30T02:00:00Z', '--date', '2026-12-30', '--json']);
    expect(json.err).toEqual([]);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.out.join('\n')) as {
      recordedPlanId: string;
      plan: { calendarGaps?: { calendar: string; year: number }[] };
      alerts: { kind: string }[];
    };
    expect(body.plan.calendarGaps).toEqual([expect.objectContaining({ calendar: 'CN', year: 2027 })]);
    expect(body.alerts[0]?.kind).toBe('calendar_gap');
    const recorded = await getLiquidityPlan(db, body.recordedPlanId);
    const withoutInputs = { ...body.plan, inputs: undefined };
    expect(recorded?.plan).toEqual(withoutInputs);
    expect(toJsonSafe({ ...replayRecordedPlan(recorded!), inputs: undefined })).toEqual(withoutInputs);
  });
});
