import { describe, expect, it } from 'vitest';
import { zonedDateTimeToInstant } from '../zone/time-zone.ts';
import { getRail, RAILS } from './rail-profiles.ts';
import { cutoffInstant, isRailOpen, nextRailOpening } from './rail-schedule.ts';
import { RAIL_IDS, type RailProfile } from './rail.types.ts';

const at = (date: string, time: string, zone: string): Date => zonedDateTimeToInstant(date, time, zone);
const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

describe('rail profiles', () => {
  it('has a consistent profile for every rail id', () => {
    for (const id of RAIL_IDS) {
      const r = getRail(id);
      expect(r.id).toBe(id);
      expect(r.typicalFinalSeconds).toBeGreaterThan(0);
      expect(r.maxFinalSeconds).toBeGreaterThanOrEqual(r.typicalFinalSeconds);
      const times = r.cutoffs.map((c) => c.time);
      expect([...times].sort()).toEqual(times);
      // A cut-off of a rail with a session lies inside it.
      if (r.hours !== null) for (const t of times) expect(t <= r.hours.close).toBe(true);
    }
    expect(RAILS.CN_HVPS).toMatchObject({
      calendar: 'CN',
      timeZone: SH,
      hours: { open: '20:30', close: '17:15', opensPreviousDay: true },
      settlement: 'rtgs',
    });
    expect(RAILS.UK_FPS.calendar).toBeNull();
    expect(RAILS.EU_SEPA_SCT.calendar).toBe('TARGET2');
  });

  it('refuses unknown rails with PAYOUT_E_UNKNOWN_RAIL', () => {
    expect(() => getRail('CN_CNAPS')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_UNKNOWN_RAIL' }));
    expect(() => getRail('toString')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_UNKNOWN_RAIL' }));
  });
});

describe('cutoffInstant', () => {
  it('puts the US ACH 16:45 ET cut-off at 21:45Z on 2026-03-06 (EST) and 20:45Z on 2026-03-09 (EDT)', () => {
    expect(cutoffInstant(RAILS.US_ACH, '2026-03-06').toISOString()).toBe('2026-03-06T21:45:00.000Z');
    expect(cutoffInstant(RAILS.US_ACH, '2026-03-09').toISOString()).toBe('2026-03-09T20:45:00.000Z');
    expect(cutoffInstant(RAILS.US_ACH, '2026-03-09', 'same_day_1').toISOString()).toBe('2026-03-09T14:30:00.000Z');
  });

  it('gives the HVPS 17:15 cut-off on a make-up Saturday', () => {
    expect(cutoffInstant(RAILS.CN_HVPS, '2026-02-14').toISOString()).toBe('2026-02-14T09:15:00.000Z');
  });

  it('refuses closed days, unknown cut-off names and rails without cut-offs', () => {
    const validation = expect.objectContaining({ code: 'PAYOUT_E_VALIDATION' });
    expect(() => cutoffInstant(RAILS.CN_HVPS, '2026-10-01')).toThrow(validation);
    expect(() => cutoffInstant(RAILS.US_ACH, '2026-07-04')).toThrow(validation);
    expect(() => cutoffInstant(RAILS.US_ACH, '2026-03-09', 'same_day_9')).toThrow(validation);
    expect(() => cutoffInstant(RAILS.UK_FPS, '2026-03-09')).toThrow(validation);
    expect(() => cutoffInstant(RAILS.CN_HVPS, '2027-01-04')).toThrow(expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA' }));
    // BEPS runs every day: its day cut exists on a holiday too.
    expect(cutoffInstant(RAILS.CN_BEPS, '2026-10-01').toISOString()).toBe('2026-10-01T08:00:00.000Z');
  });
});

describe('isRailOpen / nextRailOpening', () => {
  const hvps = RAILS.CN_HVPS;

  it('HVPS runs 20:30 the previous day to 17:15 on statutory working days', () => {
    expect(isRailOpen(hvps, at('2026-11-20', '17:14', SH))).toBe(true);
    expect(isRailOpen(hvps, at('2026-11-20', '17:15', SH))).toBe(false);
    // Friday evening: Saturday is no working day, so nothing opens at 20:30.
    expect(isRailOpen(hvps, at('2026-11-20', '21:00', SH))).toBe(false);
    // Sunday 20:30 opens Monday's business day.
    expect(isRailOpen(hvps, at('2026-11-22', '20:29', SH))).toBe(false);
    expect(isRailOpen(hvps, at('2026-11-22', '20:30', SH))).toBe(true);
    expect(nextRailOpening(hvps, at('2026-11-20', '17:15', SH))).toEqual(at('2026-11-22', '20:30', SH));
    // Friday 2026-02-13 evening opens the make-up Saturday 02-14.
    expect(isRailOpen(hvps, at('2026-02-13', '21:00', SH))).toBe(true);
    expect(isRailOpen(hvps, at('2026-02-14', '10:00', SH))).toBe(true);
  });

  it('HVPS after National Day eve reopens on 10-07 at 20:30 for 10-08', () => {
    const t = at('2026-09-30', '17:30', SH);
    expect(isRailOpen(hvps, t)).toBe(false);
    expect(nextRailOpening(hvps, t)).toEqual(at('2026-10-07', '20:30', SH));
  });

  it('returns `at` itself when the rail is open', () => {
    const t = at('2026-11-23', '09:00', SH);
    expect(nextRailOpening(hvps, t)).toBe(t);
    const fps = new Date('2026-12-25T03:00:00Z');
    expect(isRailOpen(RAILS.UK_FPS, fps)).toBe(true);
    expect(nextRailOpening(RAILS.UK_FPS, fps)).toBe(fps);
  });

  it('Fedwire opens 21:00 ET the calendar day before and closes 19:00 ET; Saturday July 4 leaves Friday open', () => {
    const fw = RAILS.US_FEDWIRE;
    expect(isRailOpen(fw, at('2026-07-03', '10:00', NY))).toBe(true);
    expect(isRailOpen(fw, at('2026-07-03', '19:00', NY))).toBe(false);
    expect(nextRailOpening(fw, at('2026-07-03', '19:30', NY))).toEqual(at('2026-07-05', '21:00', NY));
    // Thanksgiving: Wednesday evening does not open Thursday; Thursday 21:00 opens Friday.
    expect(isRailOpen(fw, at('2026-11-25', '21:30', NY))).toBe(false);
    expect(nextRailOpening(fw, at('2026-11-25', '21:30', NY))).toEqual(at('2026-11-26', '21:00', NY));
  });

  it('ACH is open on Fed business days until the last same-day window', () => {
    expect(isRailOpen(RAILS.US_ACH, at('2026-03-09', '16:44', NY))).toBe(true);
    expect(isRailOpen(RAILS.US_ACH, at('2026-03-09', '16:45', NY))).toBe(false);
    expect(nextRailOpening(RAILS.US_ACH, at('2026-03-06', '17:00', NY))).toEqual(at('2026-03-09', '00:00', NY));
  });

  it('fails closed when the answer needs an uncovered year', () => {
    expect(() => isRailOpen(hvps, at('2027-01-04', '10:00', SH))).toThrow(expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA' }));
    // 2026-12-31 21:00: whether HVPS opened for 2027-01-01 needs 2027 data.
    expect(() => isRailOpen(hvps, at('2026-12-31', '21:00', SH))).toThrow(expect.objectContaining({ code: 'PAYOUT_E_CALENDAR_NO_DATA' }));
    expect(isRailOpen(hvps, at('2026-12-31', '10:00', SH))).toBe(true);
  });

  it('honours maintenance windows, including ones that cross midnight and chain', () => {
    const rail: RailProfile = {
      ...RAILS.CN_IBPS,
      maintenance: [
        { start: '23:30', end: '00:30', description: 'nightly' },
        { start: '00:30', end: '01:00', weekdays: [0], description: 'Sunday extension' },
      ],
    };
    expect(isRailOpen(rail, at('2026-11-20', '23:29', SH))).toBe(true);
    expect(isRailOpen(rail, at('2026-11-20', '23:30', SH))).toBe(false);
    expect(isRailOpen(rail, at('2026-11-21', '00:15', SH))).toBe(false);
    expect(nextRailOpening(rail, at('2026-11-20', '23:45', SH))).toEqual(at('2026-11-21', '00:30', SH));
    // Saturday night's window runs into Sunday's extension: open again at 01:00.
    expect(nextRailOpening(rail, at('2026-11-21', '23:45', SH))).toEqual(at('2026-11-22', '01:00', SH));
  });
});
