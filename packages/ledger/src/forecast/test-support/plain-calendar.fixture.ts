import { PayoutError } from '@payout/domain';
import { weekday, type BusinessCalendar, type LocalDate } from '@payout/calendar';

/**
 * Monday–Friday with no holidays, data through `lastDay` only — to put the end of coverage on
 * a weekend, which no real calendar in the package does today.
 */
export function plainCalendarUntil(lastDay: LocalDate): BusinessCalendar {
  const isBusinessDay = (d: LocalDate): boolean => {
    if (d > lastDay) {
      const year = Number(d.slice(0, 4));
      throw new PayoutError('PAYOUT_E_CALENDAR_NO_DATA', `calendar TEST has no data for ${year}`, {
        calendar: 'TEST',
        year,
        date: d,
        fromYear: 2020,
        toYear: year - 1,
      });
    }
    return weekday(d) !== 0 && weekday(d) !== 6;
  };
  return { isBusinessDay } as unknown as BusinessCalendar;
}
