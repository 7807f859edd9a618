import type { CsvMapping } from './csv-mapping.ts';
import type { CsvPreamble } from './csv-preamble.ts';

/**
 * The statement CSV common to CN banks' corporate portals (and the bank simulator's CN
 * dialect): six key,value rows — 账号, 币种, 对账日期, 对账单序号, 期初余额, 期末余额 — then a
 * table with one row per booking, 借/贷 for the direction, the running balance, and for a
 * return (退票) the original end-to-end id with the reason code in 退票原因.
 *
 * The portals export GBK (GB18030 is its superset, so that is what the preset reads); a file
 * with a UTF-8 byte order mark, or an explicit `encoding`, is read as that instead.
 */
export const CN_BANK_CSV: { readonly mapping: CsvMapping; readonly preamble: CsvPreamble } = {
  preamble: {
    rows: 6,
    fields: {
      account: '账号',
      currency: '币种',
      statementDate: '对账日期',
      sequence: '对账单序号',
      openingBalance: '期初余额',
      closingBalance: '期末余额',
    },
  },
  mapping: {
    delimiter: ',',
    headerRow: true,
    skipLines: 0,
    decimalSeparator: '.',
    thousandsSeparator: '',
    dateFormat: 'YYYY-MM-DD',
    // Both come from the preamble; these only satisfy the mapping's shape.
    account: { id: 'FROM-PREAMBLE' },
    currency: 'CNY',
    statementId: undefined,
    encoding: 'gb18030',
    columns: {
      bookingDate: '记账日期',
      valueDate: undefined,
      amount: '金额',
      direction: { column: '借贷标志', debit: ['借', 'D'], credit: ['贷', 'C'] },
      status: undefined,
      reversal: undefined,
      endToEndId: '端到端编号',
      uetr: undefined,
      reference: '流水号',
      customerReference: undefined,
      bankTransactionCode: '摘要',
      returnReason: '退票原因',
      returnInfo: undefined,
      counterpartyName: '对方户名',
      counterpartyAccount: '对方账号',
      remittanceInfo: undefined,
      balanceAfter: '余额',
    },
  },
};
