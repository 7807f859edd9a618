import { describe, expect, it } from 'vitest';
import { calendarCoverage, getCalendar } from './calendar-registry.ts';

describe('calendar registry', () => {
  it('serves the four calendars in their zones', () => {
    expect(getCalendar('CN').timeZone).toBe('Asia/Shanghai');
    expect(getCalendar('US-FED').timeZone).toBe('America/New_York');
    expect(getCalendar('TARGET2').timeZone).toBe('Europe/Berlin');
    expect(getCalendar('UK').timeZone).toBe('Europe/London');
  });

  it('refuses unknown ids with PAYOUT_E_UNKNOWN_CALENDAR', () => {
    for (const id of ['cn', 'US', 'GB', '', 'TARGET', 'constructor', '__proto__']) {
      expect(() => getCalendar(id)).toThrow(expect.objectContaining({ code: 'PAYOUT_E_UNKNOWN_CALENDAR' }));
    }
  });

  it('reports coverage per calendar, consistent with each calendar', () => {
    const coverage = calendarCoverage();
    expect(coverage).toEqual({
      CN: { fromYear: 2019, toYear: 2026 },
      'US-FED': { fromYear: 2022, toYear: 2030 },
      TARGET2: { fromYear: 2002, toYear: 2030 },
      UK: { fromYear: 2018, toYear: 2027 },
    });
    for (const [id, c] of Object.entries(coverage)) expect(getCalendar(id).coverage()).toEqual(c);
    expect(Object.isFrozen(coverage)).toBe(true);
  });
});
