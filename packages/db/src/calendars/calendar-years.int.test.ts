import { calendarCoverage, installCalendarYears } from '@payout/calendar';
import { usePostgres } from '@payout/test-harness/vitest';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDb,
  decideCalendarYear,
  insertCalendarYearProposal,
  listOpsAlerts,
  loadApprovedCalendarYears,
  migrateToLatest,
  raiseOpsAlert,
  syncCalendarYears,
  type Db,
  type NewCalendarYear,
} from '../index.ts';

const pgDb = usePostgres();
let db: Db;
// A test fixture shaped like an import file, not an official list.
const file = (year: number, holiday: string) => ({
  calendar: 'CN',
  year,
  source: { notice: 'fixture' },
  holidays: [{ date: holiday, name: 'fixture holiday' }],
  workdays: [],
});
const AT = new Date('2026-12-07T09:00:00Z');
const proposal = (year: number, holiday: string, by = 'alice'): NewCalendarYear => ({
  calendarId: 'CN',
  year,
  data: file(year, holiday),
  checks: { notes: [] },
  reason: 'fixture',
  proposedBy: by,
  proposedRole: 'operator',
  requestId: 'req-1',
  proposedAt: AT,
});
const decide = (id: string, status: 'approved' | 'rejected' | 'withdrawn', by: string, role = 'approver') =>
  decideCalendarYear(db, { id, status, decidedBy: by, decidedRole: role, decidedAt: AT, decisionReason: null, requestId: 'req-2' });

beforeAll(async () => {
  db = createDb({ url: pgDb.url, maxConnections: 2 });
  expect(await migrateToLatest(db)).toContain('0110_calendar_years');
});
afterAll(async () => {
  installCalendarYears([]);
  await db?.destroy();
});

describe('calendar_years: maker-checker in the database', () => {
  it('refuses an approval by the proposer or by a non-approver, even without the service', async () => {
    const p = (await insertCalendarYearProposal(db, proposal(2027, '2027-01-01')))!;
    await expect(decide(p.id, 'approved', 'alice')).rejects.toThrow(/calendar_years_second_person/);
    await expect(decide(p.id, 'approved', 'oscar', 'operator')).rejects.toThrow(/calendar_years_second_person/);
    // One waiting proposal per calendar and year.
    expect(await insertCalendarYearProposal(db, proposal(2027, '2027-01-02', 'carol'))).toBeUndefined();
    const approved = await decide(p.id, 'approved', 'bob');
    expect(approved?.status).toBe('approved');
    expect(await decide(p.id, 'rejected', 'bob')).toBeUndefined(); // decided once
  });

  it('never edits or deletes a year; a correction supersedes the one in force', async () => {
    const [inForce] = await loadApprovedCalendarYears(db);
    await expect(sql`update calendar_years set reason = 'changed' where id = ${inForce!.id}::uuid`.execute(db)).rejects.toThrow(
      /cannot be edited/,
    );
    await expect(sql`delete from calendar_years where id = ${inForce!.id}::uuid`.execute(db)).rejects.toThrow(/never deleted/);
    const correction = (await insertCalendarYearProposal(db, proposal(2027, '2027-01-04', 'carol')))!;
    await decide(correction.id, 'approved', 'bob');
    const now = await loadApprovedCalendarYears(db);
    expect(now.map((r) => r.id)).toEqual([correction.id]);
    const old = await sql<{ status: string }>`select status from calendar_years where id = ${inForce!.id}::uuid`.execute(db);
    expect(old.rows[0]?.status).toBe('superseded');
  });

  it('syncCalendarYears installs what is approved in this process', async () => {
    installCalendarYears([]);
    expect(calendarCoverage().CN.toYear).toBe(2026);
    const r = await syncCalendarYears(db);
    expect(r).toMatchObject({ changed: true, years: ['CN 2027'], refused: [] });
    expect(calendarCoverage().CN.toYear).toBe(2027);
    expect((await syncCalendarYears(db)).changed).toBe(false);
  });
});

describe('ops_alerts', () => {
  it('raises an alert once per key and never changes it', async () => {
    const a = {
      kind: 'calendar.coverage',
      dedupeKey: 'CN:2026-12-31:30',
      severity: 'warning' as const,
      message: 'm',
      details: { daysLeft: 24 },
      raisedAt: AT,
    };
    expect(await raiseOpsAlert(db, a)).toBeDefined();
    expect(await raiseOpsAlert(db, a)).toBeUndefined();
    expect((await listOpsAlerts(db, { kind: 'calendar.coverage', limit: 10 })).map((x) => x.dedupeKey)).toEqual(['CN:2026-12-31:30']);
    await expect(sql`delete from ops_alerts`.execute(db)).rejects.toThrow(/append-only/);
  });
});
