import { instantToZoned } from '@payout/calendar';
import type { StatementData } from '../engine/sim-bank.ts';
import type { LedgerEntry } from '../engine/sim-transfer.ts';
import { decimalAbs } from './decimal.ts';

const SUMMARY: Readonly<Record<LedgerEntry['kind'], string>> = { payout: '代发', return: '退票', funding: '资金调拨' };

function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function signed(amountMinor: bigint, currency: string): string {
  return `${amountMinor < 0n ? '-' : ''}${decimalAbs(amountMinor, currency)}`;
}

/**
 * The CN bank's statement CSV (UTF-8, CRLF, RFC 4180 quoting): six key,value header rows
 * (账号, 币种, 对账日期, 对账单序号, 期初余额, 期末余额), then a table with one row per booking.
 * 借贷标志 is 借 (debit) or 贷 (credit); 端到端编号 is the payout's end-to-end id (for a
 * return, the original payout's id, with 退票原因 the ISO reason code). See PROTOCOL.md.
 */
export function writeCnCsv(s: StatementData): string {
  const rows: string[][] = [
    ['账号', s.account.account],
    ['币种', s.currency],
    ['对账日期', s.date],
    ['对账单序号', String(s.sequence)],
    ['期初余额', signed(s.openingMinor, s.currency)],
    ['期末余额', signed(s.closingMinor, s.currency)],
    ['交易时间', '记账日期', '流水号', '借贷标志', '金额', '余额', '对方户名', '对方账号', '端到端编号', '退票原因', '摘要'],
  ];
  let running = s.openingMinor;
  for (const e of s.entries) {
    running += e.amountMinor;
    const local = instantToZoned(new Date(e.at), s.timeZone);
    rows.push([
      `${local.date} ${local.time}`,
      e.bookingDate,
      e.reference,
      e.amountMinor < 0n ? '借' : '贷',
      decimalAbs(e.amountMinor, s.currency),
      signed(running, s.currency),
      e.counterpartyName,
      e.counterpartyAccount,
      e.endToEndId,
      e.kind === 'return' ? (e.reasonCode ?? '') : '',
      SUMMARY[e.kind],
    ]);
  }
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
