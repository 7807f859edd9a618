import { fileURLToPath } from 'node:url';
import { staticLiquidityInputsSource } from '@payout/ledger';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.ts';
import { liquidityCommand, makeLiquidityCommand } from './liquidity.command.ts';

const EXAMPLE = fileURLToPath(new URL('./fixtures/liquidity-inputs.example.json', import.meta.url));

async function run(argv: string[], command = liquidityCommand): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {} };
  const code = await command(argv, io);
  return { code, out, err };
}

describe('payout liquidity plan', () => {
  it('plans the National Day run from an inputs file: deadline, transfer and an approaching-deadline alert', async () => {
    const r = await run(['plan', '--inputs', EXAMPLE, '--now', '2026-09-30T07:00:00Z']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toContain('run          2026-10-01 … 2026-10-07 (7 days); back to business 2026-10-08');
    expect(text).toContain('deadline     2026-09-30 15:30 Asia/Shanghai (07:30Z) — internal cut-off on 2026-09-30');
    expect(text).toMatch(/TRANSFER\s+\d+\.\d\d CNY from cn-treasury-pool to cn-beps-main before 2026-09-30 15:30 Asia\/Shanghai/);
    expect(text).toMatch(/\[warning\] cn-beps-main: transfer .* \(30 min left\)/);
    // The US account's next run is the weekend, funded by the ACH cut-off on Friday.
    expect(text).toContain('deadline     2026-10-02 16:45 America/New_York (20:45Z) — rail cut-off on 2026-10-02');
  });

  it('prints the plan as JSON with its inputs and every amount as a string', async () => {
    const r = await run([
      'plan',
      '--inputs',
      EXAMPLE,
      '--now',
      '2026-11-25T14:00:00Z',
      '--date',
      '2026-11-25',
      '--quantile',
      '0.99',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out.join('\n')) as {
      plan: {
        settings: { quantileBps: number };
        accounts: { fundingAccountId: string; run: { days: string[] }; deadline: { at: string }; requiredMinor: unknown }[];
        inputs: { data: { history: unknown[] } };
      };
    };
    expect(body.plan.settings.quantileBps).toBe(9_900);
    const us = body.plan.accounts.find((a) => a.fundingAccountId === 'us-ach-main');
    expect(us?.run.days).toEqual(['2026-11-26']); // Thanksgiving; the Fed is open 11-27
    expect(us?.deadline.at).toBe('2026-11-25T21:45:00.000Z');
    expect(typeof us?.requiredMinor).toBe('string');
    expect(body.plan.inputs.data.history.length).toBeGreaterThan(1000);
    expect(r.out.join('\n')).not.toMatch(/"[A-Za-z]*Minor": -?\d/);
  });

  it("plans 2026-09-29 (inside every calendar's coverage) exactly as before the calendar-gap handling (pinned)", async () => {
    const args = ['plan', '--inputs', EXAMPLE, '--now', '2026-09-29T07:00:00Z', '--date', '2026-09-29'];
    const text = await run(args);
    const json = await run([...args, '--json']);
    expect([text.code, json.code]).toEqual([0, 0]);
    // The inputs are echoed verbatim (1 200 history rows): pinned by the fixture file itself.
    const body = JSON.parse(json.out.join('\n')) as { source: string; plan: Record<string, unknown> };
    // The source names the file by its absolute path, which depends on where the clone lives.
    const source = body.source.replace(EXAMPLE, 'fixtures/liquidity-inputs.example.json');
    const pinned = { text: text.out.slice(1), json: { ...body, source, plan: { ...body.plan, inputs: undefined } } };
    await expect(JSON.stringify(pinned, null, 2) + '\n').toMatchFileSnapshot(
      './__snapshots__/liquidity.command.plan-2026-09-29.golden.json',
    );
  });

  it('plans 2026-12-30 although CN has no 2027 data: exit 0, the unknown days marked, the gap alert first, the text says PARTIAL', async () => {
    const args = ['plan', '--inputs', EXAMPLE, '--now', '2026-12-30T02:00:00Z', '--date', '2026-12-30'];
    const json = await run([...args, '--json']);
    expect(json.err).toEqual([]);
    expect(json.code).toBe(0);
    type Account = {
      fundingAccountId: string;
      run: Record<string, unknown>;
      deadline: Record<string, unknown> | null;
      uncovered?: { date: string; kind: string; business: null; reason: Record<string, unknown> }[];
    };
    const body = JSON.parse(json.out.join('\n')) as {
      plan: { accounts: Account[]; calendarGaps?: Record<string, unknown>[] };
      alerts: Record<string, unknown>[];
    };
    const cn = body.plan.accounts.find((a) => a.fundingAccountId === 'cn-beps-main');
    expect(cn?.run).toMatchObject({ start: '2027-01-01', lastBusinessDayBefore: '2026-12-31', nextBusinessDay: null });
    expect(cn?.deadline).toMatchObject({ date: '2026-12-31', at: '2026-12-31T07:30:00.000Z', basis: 'last_covered_business_day' });
    expect(cn?.uncovered?.[0]).toEqual({
      date: '2027-01-01',
      kind: 'unknown',
      business: null,
      reason: { code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027, fromYear: 2019, toYear: 2026 },
    });
    expect(body.plan.calendarGaps).toEqual([
      expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA', calendar: 'CN', year: 2027, fundingAccountIds: ['cn-beps-main'] }),
    ]);
    expect(body.alerts[0]).toMatchObject({
      kind: 'calendar_gap',
      severity: 'critical',
      fundingAccountId: 'cn-beps-main',
      calendar: 'CN',
      year: 2027,
      shortfallMinor: expect.any(String),
    });
    // The other accounts' calendars cover New Year: planned in full.
    expect(body.plan.accounts.find((a) => a.fundingAccountId === 'us-ach-main')).toMatchObject({
      run: { start: '2027-01-01', nextBusinessDay: '2027-01-04' },
    });

    const text = await run(args);
    expect(text.code).toBe(0);
    const out = text.out.join('\n');
    expect(out).toContain('PARTIAL PLAN: calendar CN has no data for 2027 (covers 2019–2026)');
    expect(out).toContain('cn-beps-main (CN_BEPS, calendar CN) — PARTIAL: calendar CN has no data for 2027');
    expect(out).toContain('back to business UNKNOWN (no calendar data)');
    expect(out).toMatch(/UNKNOWN {6}2027-01-01, .* — no calendar data \(PAYOUT_E_CALENDAR_NO_DATA\)/);
    expect(out).toMatch(
      /\[critical\] cn-beps-main: the plan is partial .*\(\.\/dev payout calendar import CN 2027 FILE, approved by a second person\)/,
    );
  });

  it('plans 2027-01-04 (all of CN unknown) without failing: no deadline and no transfer for CN', async () => {
    const r = await run(['plan', '--inputs', EXAMPLE, '--now', '2027-01-04T01:00:00Z', '--date', '2027-01-04', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out.join('\n')) as {
      plan: { accounts: { fundingAccountId: string; deadline: unknown; transfer?: unknown; uncovered?: unknown[] }[] };
    };
    const cn = body.plan.accounts.find((a) => a.fundingAccountId === 'cn-beps-main');
    expect(cn).toMatchObject({ deadline: null });
    expect(cn?.transfer).toBeUndefined();
    expect(cn?.uncovered).toHaveLength(10);
    const text = await run(['plan', '--inputs', EXAMPLE, '--now', '2027-01-04T01:00:00Z', '--date', '2027-01-04']);
    expect(text.code).toBe(0);
    expect(text.out.join('\n')).toContain('deadline     UNKNOWN — no business day with calendar data before the run');
  });

  it('backtests up to the first day without calendar data and says what it left out', async () => {
    const r = await run(['backtest', '--end', '2027-01-10']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/NOT EVALUATED {3}10 day\(s\): calendar CN has no data for 2027/);
  });

  it('says clearly when no inputs source is configured', async () => {
    const r = await run(['plan']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/no liquidity inputs source: the database source .* is not configured .* pass --inputs FILE/);
  });

  it('uses the database source when one is configured', async () => {
    const command = makeLiquidityCommand({
      clock: () => new Date('2026-03-06T01:00:00Z'),
      databaseSource: () =>
        staticLiquidityInputsSource(
          {
            accounts: [{ id: 'cn', currency: 'CNY', rail: 'CN_HVPS', internalCutoff: '16:00', fundingSource: 'pool' }],
            positions: [],
            scheduled: [],
            history: [],
            confirmedInflows: [],
          },
          'postgres (test double)',
        ),
    });
    const r = await run(['plan'], command);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('inputs: postgres (test double)');
    expect(r.out.join('\n')).toContain('run          2026-03-07 … 2026-03-08 (2 days)');
  });

  it('reports unreadable inputs and bad arguments with a code and an exit status', async () => {
    expect((await run(['plan', '--inputs', '/nonexistent/inputs.json'])).err[0]).toMatch(/^error \[PAYOUT_E_NOT_FOUND\]/);
    const bad = await run(['plan', '--inputs', EXAMPLE, '--date', '2026-13-01']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/^error \[PAYOUT_E_VALIDATION\]/);
    expect((await run(['plan', '--days', '3'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
    expect((await run(['--help'])).code).toBe(0);
  });
});

describe('payout liquidity backtest', () => {
  it('prints the shortfall rate and the idle cash (p95 stays within 5 %)', async () => {
    const r = await run(['backtest', '--quantile', '0.95', '--days', '120', '--seed', '42']);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    const rate = /shortfall rate\s+(\d+)\.(\d\d)%/.exec(text);
    expect(rate).not.toBeNull();
    expect(Number(rate?.[1]) * 100 + Number(rate?.[2])).toBeLessThanOrEqual(500);
    expect(text).toMatch(/idle cash\s+\d+\.\d\d CNY per funding period/);
  });

  it('prints JSON with amounts as strings', async () => {
    const r = await run(['backtest', '--days', '90', '--seed', '1', '--quantile', 'p90', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out.join('\n')) as {
      daysEvaluated: number;
      shortfallRateBps: number;
      idleTotalMinor: unknown;
      quantileBps: number;
    };
    expect(body).toMatchObject({ daysEvaluated: 90, quantileBps: 9_000 });
    expect(typeof body.idleTotalMinor).toBe('string');
  });

  it('refuses bad values', async () => {
    expect((await run(['backtest', '--quantile', '95'])).code).toBe(2);
    expect((await run(['backtest', '--days', 'many'])).code).toBe(2);
    expect((await run(['backtest', '--method', 'mean'])).code).toBe(2);
    expect((await run(['backtest', '--inputs', 'x'])).code).toBe(2);
  });
});
