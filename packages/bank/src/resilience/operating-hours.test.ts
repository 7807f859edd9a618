import { describe, expect, it } from 'vitest';
import { fakeBankProfile } from '../fake/fake-profile.ts';
import { operatingHoursGate } from './operating-hours.ts';

describe('operating hours gate', () => {
  it('a daily business-day window in the bank zone: open inside, next opening outside (skipping holidays)', () => {
    const gate = operatingHoursGate(
      fakeBankProfile({
        calendar: 'CN',
        timeZone: 'Asia/Shanghai',
        operatingHours: { kind: 'daily', open: '09:00', close: '17:00', businessDaysOnly: true },
      }),
    );
    expect(gate(new Date('2026-01-05T02:00:00Z'))).toEqual({ open: true }); // Mon 10:00 Shanghai
    expect(gate(new Date('2026-01-05T10:00:00Z'))).toEqual({ open: false, reopensAt: new Date('2026-01-06T01:00:00Z') }); // Mon 18:00 → Tue 09:00
    // Fri 2026-09-25 18:00; 09-26 Sat off, 09-27 Sun off, Mon 09-28 open (2026 National Day is 10-01..07).
    expect(gate(new Date('2026-09-25T10:00:00Z'))).toEqual({ open: false, reopensAt: new Date('2026-09-28T01:00:00Z') });
    // 2026-02-14 is a make-up Saturday (调休): a business day.
    expect(gate(new Date('2026-02-14T03:00:00Z'))).toEqual({ open: true });
  });

  it('the rail session from @payout/calendar (HVPS opens 20:30 the evening before)', () => {
    const gate = operatingHoursGate(fakeBankProfile({ rail: 'CN_HVPS', operatingHours: { kind: 'rail' } }));
    expect(gate(new Date('2026-01-05T13:00:00Z'))).toEqual({ open: true }); // Mon 21:00: Tuesday's session
    const closed = gate(new Date('2026-01-05T09:30:00Z')); // Mon 17:30
    expect(closed).toEqual({ open: false, reopensAt: new Date('2026-01-05T12:30:00Z') }); // Mon 20:30
  });

  it('a day in a year the calendar has no data for is unknown, never thrown and never "closed" (CN data ends 2026)', () => {
    const gap = {
      code: 'PAYOUT_E_CALENDAR_NO_DATA',
      calendar: 'CN',
      year: 2027,
      fromYear: 2019,
      toYear: 2026,
      message: expect.stringContaining('calendar CN has no data for 2027'),
    };
    const hvps = operatingHoursGate(fakeBankProfile({ rail: 'CN_HVPS', operatingHours: { kind: 'rail' } }));
    expect(hvps(new Date('2026-12-31T02:00:00Z'))).toEqual({ open: true }); // Thu 10:00: 2026's own session
    // Thu 18:00 Shanghai, after the 17:15 close: whether 2027-01-01's session opens at 20:30 is unknown.
    expect(hvps(new Date('2026-12-31T10:00:00Z'))).toEqual({ open: false, noData: gap });
    expect(hvps(new Date('2027-01-04T02:00:00Z'))).toEqual({ open: false, noData: gap });
    const daily = operatingHoursGate(
      fakeBankProfile({
        calendar: 'CN',
        timeZone: 'Asia/Shanghai',
        operatingHours: { kind: 'daily', open: '09:00', close: '17:00', businessDaysOnly: true },
      }),
    );
    expect(daily(new Date('2026-12-31T10:00:00Z'))).toEqual({ open: false, noData: gap });
    // A 7×24 rail needs no holiday list.
    const ibps = operatingHoursGate(fakeBankProfile({ rail: 'CN_IBPS', operatingHours: { kind: 'rail' } }));
    expect(ibps(new Date('2026-12-31T10:00:00Z'))).toEqual({ open: true });
    expect(ibps(new Date('2027-01-01T10:00:00Z'))).toEqual({ open: true });
  });

  it('always open for a 24×7 channel', () => {
    expect(operatingHoursGate(fakeBankProfile({ operatingHours: { kind: 'always' } }))(new Date('2026-10-03T03:00:00Z'))).toEqual({
      open: true,
    });
  });
});
