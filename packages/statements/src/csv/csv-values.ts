import { PayoutError } from '@payout/domain';
import { decimalToMinor } from '../amount/statement-amount.ts';
import { DateFieldError, isoDate } from '../date/statement-date.ts';
import type { CsvMapping } from './csv-mapping.ts';
import { maskedExcerpt } from '../statement-error.ts';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A CSV amount in the bank's notation to signed minor units, exactly. Thousands separators are
 * accepted only in correct groups of three ("1.234.567,89"); "12,34.5" and "1,2345.00" are refused.
 * A sign may lead ("-12,50", "+5") or trail ("12,50-").
 */
export function parseCsvAmount(text: string, mapping: CsvMapping, currency: string): bigint {
  let t = text.trim();
  let negative = false;
  if (t.startsWith('-') || t.startsWith('+')) {
    negative = t.startsWith('-');
    t = t.slice(1);
  } else if (t.endsWith('-')) {
    negative = true;
    t = t.slice(0, -1);
  }
  const dec = escape(mapping.decimalSeparator);
  const th = mapping.thousandsSeparator === '' ? undefined : escape(mapping.thousandsSeparator);
  const plain = new RegExp(`^(\\d+)(?:${dec}(\\d+))?$`);
  const grouped = th === undefined ? undefined : new RegExp(`^(\\d{1,3}(?:${th}\\d{3})+)(?:${dec}(\\d+))?$`);
  const m = plain.exec(t) ?? grouped?.exec(t) ?? null;
  if (m === null) {
    throw new PayoutError(
      'PAYOUT_E_INVALID_AMOUNT',
      `amount ${JSON.stringify(maskedExcerpt(text.slice(0, 40)))} is not a number in this bank's notation (decimal "${mapping.decimalSeparator}"${th === undefined ? ', no thousands separator' : `, thousands "${mapping.thousandsSeparator}"`})`,
      { amount: text.slice(0, 40) },
    );
  }
  const whole = (m[1] ?? '0').split(mapping.thousandsSeparator === '' ? /(?!)/ : mapping.thousandsSeparator).join('');
  const decimal = m[2] === undefined ? whole : `${whole}.${m[2]}`;
  const minor = decimalToMinor(decimal, currency);
  return negative ? -minor : minor;
}

const TOKEN = /YYYY|YY|MM|M|DD|D/g;

/** Build a date reader for a format such as "DD.MM.YYYY"; refuses impossible dates. */
export function csvDateReader(format: string): (text: string) => string {
  const order: string[] = [];
  let pattern = '^';
  let last = 0;
  for (const m of format.matchAll(TOKEN)) {
    pattern += escape(format.slice(last, m.index)) + (m[0] === 'YYYY' ? '(\\d{4})' : m[0].length === 2 ? '(\\d{2})' : '(\\d{1,2})');
    order.push(m[0]);
    last = (m.index ?? 0) + m[0].length;
  }
  pattern += `${escape(format.slice(last))}$`;
  const re = new RegExp(pattern);
  return (text: string): string => {
    const m = re.exec(text.trim());
    if (m === null)
      throw new DateFieldError(`${JSON.stringify(maskedExcerpt(text.slice(0, 30)))} does not match the date format ${format}`);
    let y = 0;
    let mo = 0;
    let d = 0;
    order.forEach((tok, i) => {
      const v = Number(m[i + 1]);
      if (tok === 'YYYY') y = v;
      else if (tok === 'YY') y = v < 80 ? 2000 + v : 1900 + v;
      else if (tok.startsWith('M')) mo = v;
      else d = v;
    });
    return isoDate(y, mo, d, text.trim());
  };
}
