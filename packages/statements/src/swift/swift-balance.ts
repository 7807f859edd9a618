import { swiftDecimalToMinor } from '../amount/statement-amount.ts';
import { parseYymmdd } from '../date/statement-date.ts';
import { maskedExcerpt } from '../statement-error.ts';
import type { StatementBalance } from '../statement.model.ts';
import { describe, FieldError } from './field61.ts';

/** :60F:/:60M:/:62F:/:62M:/:64:/:65: "C260227EUR1234,56" → signed balance and its currency. */
export function parseSwiftBalance(tag: string, content: string): { balance: StatementBalance; currency: string } {
  const m = /^([CD])(\d{6})([A-Z]{3})([0-9][0-9,.]*)$/.exec(content.trim());
  if (m === null) {
    throw new FieldError(`:${tag}: ${maskedExcerpt(content)} does not read as D/C mark, YYMMDD date, currency and amount`);
  }
  const [, mark = '', date = '', currency = '', amount = ''] = m;
  let iso: string;
  let minor: bigint;
  try {
    iso = parseYymmdd(date);
  } catch (e) {
    throw new FieldError(`:${tag}: date ${describe(e)}`, { cause: e });
  }
  try {
    minor = swiftDecimalToMinor(amount, currency);
  } catch (e) {
    throw new FieldError(`:${tag}: ${describe(e)}`, { cause: e });
  }
  return { balance: { amountMinor: mark === 'D' ? -minor : minor, date: iso, type: tag }, currency };
}

/** MT942 :90D:/:90C: "5EUR1234,56" → count and sum. */
export function parseNumberAndSum(tag: string, content: string): { count: number; currency: string; amountMinor: bigint } {
  const m = /^(\d{1,5})([A-Z]{3})([0-9][0-9,.]*)$/.exec(content.trim());
  if (m === null) throw new FieldError(`:${tag}: ${maskedExcerpt(content)} does not read as count, currency and amount`);
  const [, count = '0', currency = '', amount = ''] = m;
  try {
    return { count: Number(count), currency, amountMinor: swiftDecimalToMinor(amount, currency) };
  } catch (e) {
    throw new FieldError(`:${tag}: ${describe(e)}`, { cause: e });
  }
}

/** MT942 :13D: "2602271530+0100" → "2026-02-27T15:30:00+01:00". */
export function parseDateTimeIndication(content: string): string {
  const m = /^(\d{6})(\d{2})(\d{2})([+-])(\d{2})(\d{2})$/.exec(content.trim());
  if (m === null) throw new FieldError(`:13D: ${maskedExcerpt(content)} does not read as YYMMDDhhmm±hhmm`);
  const [, date = '', hh = '', mm = '', sign = '', oh = '', om = ''] = m;
  let iso: string;
  try {
    iso = parseYymmdd(date);
  } catch (e) {
    throw new FieldError(`:13D: date ${describe(e)}`, { cause: e });
  }
  if (Number(hh) > 23 || Number(mm) > 59) throw new FieldError(`:13D: ${hh}:${mm} is not a time of day`);
  return `${iso}T${hh}:${mm}:00${sign}${oh}:${om}`;
}
