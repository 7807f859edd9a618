import { PayoutError } from '@payout/domain';
import cn2019 from 'holiday-calendar/data/CN/2019.json' with { type: 'json' };
import cn2020 from 'holiday-calendar/data/CN/2020.json' with { type: 'json' };
import cn2021 from 'holiday-calendar/data/CN/2021.json' with { type: 'json' };
import cn2022 from 'holiday-calendar/data/CN/2022.json' with { type: 'json' };
import cn2023 from 'holiday-calendar/data/CN/2023.json' with { type: 'json' };
import cn2024 from 'holiday-calendar/data/CN/2024.json' with { type: 'json' };
import cn2025 from 'holiday-calendar/data/CN/2025.json' with { type: 'json' };
import cn2026 from 'holiday-calendar/data/CN/2026.json' with { type: 'json' };
import { localDateParts, parseLocalDate, type LocalDate } from '../date/local-date.ts';
import type { CalendarDefinition, YearTable } from './calendar.types.ts';

/**
 * China's statutory working days (法定工作日): the State Council's annual notice of public
 * holidays and make-up working days (调休), as bundled in the `holiday-calendar` package's
 * per-year JSON files. Only the data files are imported — never the package's loader, which
 * fetches from a CDN by default — so nothing is read from the network.
 *
 * Coverage is 2019–2026: the years where `holiday-calendar` and the independent
 * `chinese-days` dataset agree on every single day (a unit test checks all of them, and
 * checks 2025 and 2026 against the State Council lists written out by hand). Earlier years
 * of `holiday-calendar` disagree with `chinese-days` (e.g. 2018's Dragon Boat holiday), so
 * they are not offered. See docs/adr/0004-calendar-data.md to add a year.
 */

export interface HolidayCalendarFile {
  readonly year: number;
  readonly region: string;
  readonly dates: readonly { readonly date: string; readonly name_cn: string; readonly name_en: string; readonly type: string }[];
}

const FILES: ReadonlyMap<number, HolidayCalendarFile> = new Map<number, HolidayCalendarFile>([
  [2019, cn2019],
  [2020, cn2020],
  [2021, cn2021],
  [2022, cn2022],
  [2023, cn2023],
  [2024, cn2024],
  [2025, cn2025],
  [2026, cn2026],
]);

/**
 * The year table for `year`. A notice can reach back into December of the year before
 * (the 2019 notice made 2018-12-29 a working day and 12-30/31 holidays; the 2023 notice
 * starts on 2022-12-31), so entries are merged from the year's own file and the next
 * year's file, each by the entry's own date. Anything unexpected is refused, not ignored.
 */
export function cnYearTable(year: number, files: ReadonlyMap<number, HolidayCalendarFile>): YearTable {
  if (!files.has(year)) throw new PayoutError('PAYOUT_E_INTERNAL', `calendar CN: no holiday-calendar data file for ${year}`);
  const holidays = new Map<LocalDate, string>();
  const workdays = new Map<LocalDate, string>();
  for (const fileYear of [year, year + 1]) {
    const file = files.get(fileYear);
    if (file === undefined) continue;
    if (file.year !== fileYear || file.region !== 'CN') {
      throw new PayoutError(
        'PAYOUT_E_INTERNAL',
        `calendar CN: the data file for ${fileYear} says year ${file.year}, region ${file.region}`,
      );
    }
    for (const entry of file.dates) {
      const date = parseLocalDate(entry.date);
      const dateYear = localDateParts(date).year;
      if (dateYear !== fileYear && dateYear !== fileYear - 1) {
        throw new PayoutError('PAYOUT_E_INTERNAL', `calendar CN: ${date} is listed in the ${fileYear} data file`);
      }
      if (dateYear !== year) continue;
      const name = `${entry.name_en} (${entry.name_cn})`;
      // A new entry type would change what a working day is; refuse rather than ignore it.
      const target = entry.type === 'public_holiday' ? holidays : entry.type === 'transfer_workday' ? workdays : undefined;
      if (target === undefined) throw new PayoutError('PAYOUT_E_INTERNAL', `calendar CN: unknown entry type "${entry.type}" for ${date}`);
      if (holidays.has(date) || workdays.has(date)) {
        throw new PayoutError('PAYOUT_E_INTERNAL', `calendar CN: ${date} is listed twice in the holiday data`);
      }
      target.set(date, name);
    }
  }
  return { holidays, workdays };
}

export const CN_CALENDAR: CalendarDefinition = {
  id: 'CN',
  timeZone: 'Asia/Shanghai',
  fromYear: 2019,
  toYear: 2026,
  source:
    'State Council holiday notices (国务院办公厅关于节假日安排的通知) via holiday-calendar@1.3.3 data files, cross-checked with chinese-days@1.5.7',
  yearTable: (year) => cnYearTable(year, FILES),
};
