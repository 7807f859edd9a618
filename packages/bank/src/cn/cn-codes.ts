/**
 * The CN-bank dialect's own vocabulary and how it maps into ISO 20022 terms. Banks in this
 * style answer in status words (English or Chinese) and proprietary error codes; anything
 * not listed here is unknown — never a failure.
 */

export type CnStatusClass = 'accepted' | 'processing' | 'succeeded' | 'failed' | 'returned';

const STATUS_WORDS: Readonly<Record<string, CnStatusClass>> = {
  ACCEPTED: 'accepted',
  已受理: 'accepted',
  PROCESSING: 'processing',
  处理中: 'processing',
  SUCCESS: 'succeeded',
  交易成功: 'succeeded',
  成功: 'succeeded',
  FAIL: 'failed',
  FAILED: 'failed',
  交易失败: 'failed',
  失败: 'failed',
  REFUND: 'returned',
  退票: 'returned',
  已退汇: 'returned',
};

export function cnStatusClass(word: string): CnStatusClass | undefined {
  return Object.hasOwn(STATUS_WORDS, word) ? STATUS_WORDS[word] : undefined;
}

/** Bank error codes that mean "we do not know what happened": the answer is unknown. */
const SYSTEM_ERRORS = new Set(['SYSTEM_ERROR', 'SYSTEMERROR', 'E9999', '9999']);

/** Bank error code → ISO 20022 reason code. */
const ERROR_TO_ISO: Readonly<Record<string, string>> = {
  ACCOUNT_NOT_EXIST: 'AC01', // 收款账号不存在
  E1001: 'AC01',
  ACCOUNT_CLOSED: 'AC04', // 账户已销户
  E1002: 'AC04',
  ACCOUNT_FROZEN: 'AC06', // 账户冻结
  E1003: 'AC06',
  NAME_MISMATCH: 'BE01', // 户名不符
  E1004: 'BE01',
  AMOUNT_EXCEED_LIMIT: 'AM02', // 超过单笔限额
  E2001: 'AM02',
  BALANCE_NOT_ENOUGH: 'AM04', // 余额不足
  E2002: 'AM04',
  DUPLICATE_ORDER: 'DUPL', // 重复交易
  E2003: 'DUPL',
  RECEIVER_BANK_TIMEOUT: 'AB05', // 对方行超时（明确未执行）
  E3001: 'AB05',
  AFTER_CUTOFF: 'TM01', // 已过截止时间
  E3002: 'TM01',
};

export type CnErrorMapping =
  { readonly kind: 'iso'; readonly code: string } | { readonly kind: 'system_error' } | { readonly kind: 'unmapped' };

export function mapCnErrorCode(code: string | undefined): CnErrorMapping {
  if (code === undefined || code.length === 0) return { kind: 'unmapped' };
  if (SYSTEM_ERRORS.has(code)) return { kind: 'system_error' };
  const iso = Object.hasOwn(ERROR_TO_ISO, code) ? ERROR_TO_ISO[code] : undefined;
  return iso === undefined ? { kind: 'unmapped' } : { kind: 'iso', code: iso };
}

/** Request-level result codes (the envelope's `code`). */
export const CN_OK = '0000';
export const CN_ORDER_NOT_FOUND = '3001';
export const CN_DUPLICATE_ORDER = '2001';
export const CN_STATEMENT_NOT_READY = '4004';
/** 无此对账单: no statement exists for that account and date. */
export const CN_STATEMENT_NONE = '4041';
