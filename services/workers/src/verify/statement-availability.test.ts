import { describe, expect, it } from 'vitest';
import { datesBetween, latestDueStatementDate, statementDueAt, type StatementSchedule } from './statement-availability.ts';

const cn: StatementSchedule = { calendar: 'CN', timeZone: 'Asia/Shanghai', statementTime: '10:00' };
const eu: StatementSchedule = { calendar: 'TARGET2', timeZone: 'Europe/Berlin', statementTime: '10:00' };

describe('statement availability', () => {
  it('a day’s statement is due at statement time on the next business day', () => {
    expect(statementDueAt(cn, '2026-11-20').toISOString()).toBe('2026-11-23T02:00:00.000Z'); // Fri → Mon
    expect(statementDueAt(cn, '2026-11-21').toISOString()).toBe('2026-11-23T02:00:00.000Z'); // Sat → Mon
    expect(statementDueAt(cn, '2026-09-30').toISOString()).toBe('2026-10-08T02:00:00.000Z'); // National Day
    expect(statementDueAt(cn, '2026-02-13').toISOString()).toBe('2026-02-14T02:00:00.000Z'); // make-up Saturday
  });

  it('the latest due date moves only at statement time', () => {
    expect(latestDueStatementDate(cn, new Date('2026-11-23T01:59:00Z'))).toBe('2026-11-19'); // Mon 09:59: Thu's is the latest
    expect(latestDueStatementDate(cn, new Date('2026-11-23T02:00:00Z'))).toBe('2026-11-22'); // Mon 10:00: Fri, Sat, Sun at once
    expect(latestDueStatementDate(eu, new Date('2026-03-03T09:30:00Z'))).toBe('2026-03-02'); // Tue 10:30 CET
    expect(latestDueStatementDate(eu, new Date('2026-03-03T08:30:00Z'))).toBe('2026-03-01'); // Tue 09:30 CET: Sun's (due Mon)
  });

  it('lists dates inclusively', () => {
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(datesBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });
});
