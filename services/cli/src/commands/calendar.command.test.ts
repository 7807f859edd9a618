import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.ts';
import { calendarCommand } from './calendar.command.ts';

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
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
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
  it('lists each calendar with its years, as text and JSON', async () => {
    const r = await run('coverage');
    expect(r.code).toBe(0);
    expect(r.out.find((l) => l.startsWith('CN '))).toContain('2019–2026');
    const j = await run('coverage', '--json');
    const body = JSON.parse(j.out.join('')) as { calendars: { calendar: string; fromYear: number; toYear: number }[] };
    expect(body.calendars.map((c) => [c.calendar, c.fromYear, c.toYear])).toEqual([
      ['CN', 2019, 2026],
      ['US-FED', 2022, 2030],
      ['TARGET2', 2002, 2030],
      ['UK', 2018, 2027],
    ]);
  });
});
