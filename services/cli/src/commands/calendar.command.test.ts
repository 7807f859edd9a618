import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarCommand, createCalendarCommand } from './calendar.command.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {} };
  const code = await calendarCommand(argv, io);
  return { code, out, err };
}

describe('payout calendar <CAL> <YYYY-MM>', () => {
  it('prints October 2026 for CN with the holidays marked * and the make-up Saturday marked +', async () => {
    const r = await run('CN', '2026-10');
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const text = r.out.join('\n');
    expect(r.out[1]).toBe(' Mon Tue Wed Thu Fri Sat Sun');
    expect(r.out[2]).toBe('              1*  2*  3*  4*');
    expect(r.out[3]).toBe('  5*  6*  7*  8   9  10+ 11*');
    expect(text).toContain('business days: 18 of 31');
    expect(text).toMatch(/2026-10-10 Sat {2}make-up working day National Day Workday/);
  });

  it('prints the month as JSON with every day', async () => {
    const r = await run('CN', '2026-10', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out.join('')) as { businessDays: number; days: { date: string; business: boolean; kind: string }[] };
    expect(body.days).toHaveLength(31);
    expect(body.businessDays).toBe(18);
    expect(body.days.filter((d) => !d.business && d.kind === 'holiday').map((d) => d.date)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(body.days.find((d) => d.date === '2026-10-10')).toMatchObject({ business: true, kind: 'makeup_workday' });
  });

  it('fails for an uncovered year with a non-zero exit and a message naming the year', async () => {
    const r = await run('CN', '2027-01');
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n')).toMatch(/^error \[PAYOUT_E_CALENDAR_NO_DATA\]: calendar CN has no data for 2027/);
    const j = await run('CN', '2027-03', '--json');
    expect(j.code).toBe(1);
    expect(j.err.join('\n')).toContain('2027');
  });

  it('refuses unknown calendars and malformed months', async () => {
    const unknown = await run('XX', '2026-01');
    expect(unknown.code).toBe(1);
    expect(unknown.err[0]).toMatch(/^error \[PAYOUT_E_UNKNOWN_CALENDAR\]/);
    for (const month of ['2026-13', '2026-1', '26-01', '2026-00']) {
      const r = await run('CN', month);
      expect(r.code, month).toBe(2);
      expect(r.err[0]).toMatch(/^error \[PAYOUT_E_VALIDATION\]/);
    }
    expect((await run('CN')).code).toBe(2);
    expect((await run('CN', '2026-10', '--yaml')).code).toBe(2);
    expect((await run()).code).toBe(2);
    expect((await run('--help')).code).toBe(0);
  });
});

describe('payout calendar next', () => {
  it('gives the next business day after the local date of an instant in the calendar zone', async () => {
    const r = await run('next', 'CN', '2026-09-30T17:30+08:00');
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^2026-10-08 Thu — next CN business day after 2026-09-30/);
    // 2026-07-03 00:30Z is still Thursday 07-02 in New York; Friday 07-03 is a Fed business day.
    const fed = await run('next', 'US-FED', '2026-07-03T00:30Z', '--json');
    expect(JSON.parse(fed.out.join(''))).toMatchObject({ calendar: 'US-FED', localDate: '2026-07-02', nextBusinessDay: '2026-07-03' });
    const sat = await run('next', 'CN', '2026-02-13', '--json');
    expect(JSON.parse(sat.out.join(''))).toMatchObject({ nextBusinessDay: '2026-02-14', day: { kind: 'makeup_workday' } });
  });

  it('fails when the answer lies in an uncovered year, naming it', async () => {
    const r = await run('next', 'CN', '2026-12-31T10:00+08:00');
    expect(r.code).toBe(1);
    expect(r.err[0]).toContain('2027');
  });

  it('refuses an instant without an offset', async () => {
    const r = await run('next', 'CN', '2026-09-30T17:30');
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^error \[PAYOUT_E_VALIDATION\]/);
  });
});

describe('payout calendar coverage', () => {
  const pinned = createCalendarCommand({
    fetch: () => Promise.reject(new Error('no network in this test')),
    now: () => new Date('2026-12-07T09:00:00Z'),
  });
  const runPinned = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await pinned(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {} });
    return { code, out, err };
  };

  it('lists each calendar with its years, last covered day and days left, as text and JSON', async () => {
    const r = await runPinned('coverage');
    expect(r.code).toBe(0);
    expect(r.out.find((l) => l.startsWith('CN '))).toMatch(/2019–2026 {2}until 2026-12-31 {2}24 days left .*! under 30 days/);
    const j = await runPinned('coverage', '--json');
    const body = JSON.parse(j.out.join('')) as { calendars: { calendar: string; fromYear: number; toYear: number; daysLeft: number }[] };
    expect(body.calendars.map((c) => [c.calendar, c.fromYear, c.toYear, c.daysLeft])).toEqual([
      ['CN', 2019, 2026, 24],
      ['US-FED', 2022, 2030, 1485],
      ['TARGET2', 2002, 2030, 1485],
      ['UK', 2018, 2027, 389],
    ]);
  });

  it('counts from --at, and says when a calendar is out of data', async () => {
    const r = await runPinned('coverage', '--at', '2027-01-04T02:00:00Z');
    expect(r.out.find((l) => l.startsWith('CN '))).toMatch(/OUT OF DATA since 4 day\(s\).*!! import the next year/);
    expect((await runPinned('coverage', '--at', 'yesterday')).code).toBe(2);
  });
});

describe('payout calendar check|import|approve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calendar-cli-'));
  const good = join(dir, 'cn-2027.json');
  const wednesday = join(dir, 'cn-2027-bad.json');
  const file = {
    calendar: 'CN',
    year: 2027,
    source: { notice: 'test fixture' },
    holidays: [{ date: '2027-01-01', name: "New Year's Day" }],
    workdays: [{ date: '2027-02-20', name: 'make-up' }],
  };
  writeFileSync(good, JSON.stringify(file));
  writeFileSync(wednesday, JSON.stringify({ ...file, workdays: [{ date: '2027-02-10', name: 'make-up' }] }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function withFetch(answer: (url: string, init: RequestInit) => { status: number; body: unknown }) {
    const calls: { url: string; init: RequestInit }[] = [];
    const cmd = createCalendarCommand({
      fetch: (url, init) => {
        calls.push({ url, init });
        const a = answer(url, init);
        return Promise.resolve(new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } }));
      },
      now: () => new Date('2026-12-07T09:00:00Z'),
    });
    const exec = async (argv: string[], env: Record<string, string> = { PAYOUT_API_KEY: 'pk_test' }) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await cmd(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env });
      return { code, out, err };
    };
    return { calls, exec };
  }

  it('check: passes a good file offline, refuses a make-up Wednesday naming the date', async () => {
    const { exec, calls } = withFetch(() => ({ status: 500, body: {} }));
    const ok = await exec(['check', good], {});
    expect(ok.code).toBe(0);
    expect(ok.out[0]).toBe('CN 2027: the file passes every check');
    const bad = await exec(['check', wednesday], {});
    expect(bad.code).toBe(1);
    expect(bad.err.join('\n')).toContain('a make-up working day must fall on a Saturday or Sunday, but 2027-02-10 is a Wed');
    expect(calls).toHaveLength(0);
  });

  it('import posts the file with the reason; approve posts the decision; refusals name the code', async () => {
    const { exec, calls } = withFetch((url) =>
      url.endsWith('/approve')
        ? { status: 409, body: { code: 'PAYOUT_E_OPS_SELF_APPROVAL', detail: 'alice proposed CN 2027 and cannot approve it' } }
        : {
            status: 202,
            body: {
              id: '0194f3d2-0000-7000-8000-000000000001',
              calendarId: 'CN',
              year: 2027,
              status: 'proposed',
              proposedBy: 'alice',
              proposedRole: 'operator',
              reason: 'notice',
              checks: { notes: ['1 closed day(s)'] },
            },
          },
    );
    const r = await exec(['import', 'CN', '2027', good, '--reason', 'State Council notice']);
    expect(r.code).toBe(0);
    expect(calls[0]?.url).toBe('http://127.0.0.1:3000/v1/ops/calendars/CN/years/2027');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ reason: 'State Council notice', file });
    expect(r.out.at(-1)).toBe('waiting for a second person: ./dev payout calendar approve 0194f3d2-0000-7000-8000-000000000001');
    const ap = await exec(['approve', '0194f3d2-0000-7000-8000-000000000001']);
    expect(ap.code).toBe(1);
    expect(ap.err[0]).toMatch(/^error \[PAYOUT_E_OPS_SELF_APPROVAL\]: alice proposed CN 2027.*second person/);
    expect((await exec(['import', 'CN', '2027', good])).code).toBe(2); // no --reason
    expect((await exec(['import', 'CN', '2027', good, '--reason', 'x'], {})).code).toBe(1); // no key
  });
});
