import { PayoutError } from '@payout/domain';
import { localDateParts, parseLocalDate, type LocalDate } from '../date/local-date.ts';
import type { CalendarDefinition, YearTable } from './calendar.types.ts';
import { UK_BANK_HOLIDAYS } from './uk.calendar-data.ts';

/**
 * UK business days: Monday–Friday except England and Wales bank holidays (the days the
 * Bank of England's RTGS, CHAPS and Bacs do not settle). Data is vendored from GOV.UK.
 * Coverage 2018–2027: the years the vendored GOV.UK list holds.
 */
export function ukYearTable(year: number): YearTable {
  const listed = UK_BANK_HOLIDAYS[year];
  if (listed === undefined) throw new PayoutError('PAYOUT_E_INTERNAL', `calendar UK: no vendored bank holidays for ${year}`);
  const holidays = new Map<LocalDate, string>();
  for (const [date, name] of Object.entries(listed)) {
    if (localDateParts(parseLocalDate(date)).year !== year) {
      throw new PayoutError('PAYOUT_E_INTERNAL', `calendar UK: ${date} is listed under ${year}`);
    }
    holidays.set(date, name);
  }
  return { holidays, workdays: new Map() };
}

export const UK_CALENDAR: CalendarDefinition = {
  id: 'UK',
  timeZone: 'Europe/London',
  fromYear: 2018,
  toYear: 2027,
  source: 'GOV.UK bank holidays, England and Wales (vendored list)',
  yearTable: ukYearTable,
};
