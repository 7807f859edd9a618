import { formatAmountMinor } from '@payout/domain';
import type { WritableLine, WritableStatement } from './writable-statement.ts';

export interface Mt940WriteOptions {
  /** Wrap in SWIFT {1:}{2:}{4: … -} blocks with this sender BIC; plain fields when undefined. */
  readonly senderBic?: string;
}

/**
 * Write one MT940 statement as text chunks (one per entry). :86: carries /EREF/, /KREF/,
 * /RTRN/, /NAME/, /IBAN/ and /REMI/ and is wrapped at 65 characters, 6 lines at most, as SWIFT
 * requires; values must be in the SWIFT X character set and free of "/".
 */
export function* writeMt940(
  statement: WritableStatement,
  lines: Iterable<WritableLine>,
  options: Mt940WriteOptions = {},
): Generator<string> {
  const c = statement.currency;
  let head = '';
  if (options.senderBic !== undefined) {
    const lt = `${options.senderBic.padEnd(8, 'X').slice(0, 8)}AXXX`;
    head = `{1:F01${lt}0000000000}{2:I940${lt}N}{4:\n`;
  }
  yield `${head}:20:${statement.statementId.slice(0, 16)}
:25:${statement.account.id}
:28C:${statement.sequence}/1
:60F:${balance(statement.openingBalance, c)}
`;
  for (const line of lines) yield entry(line, c);
  yield `:62F:${balance(statement.closingBalance, c)}
${options.senderBic === undefined ? '-' : '-}'}
`;
}

function amount(minor: bigint, c: string): string {
  const s = formatAmountMinor(minor, c);
  return s.includes('.') ? s.replace('.', ',') : `${s},`;
}

function yymmdd(iso: string): string {
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

function balance(b: { amountMinor: bigint; date: string }, c: string): string {
  const negative = b.amountMinor < 0n;
  return `${negative ? 'D' : 'C'}${yymmdd(b.date)}${c}${amount(negative ? -b.amountMinor : b.amountMinor, c)}`;
}

function entry(l: WritableLine, c: string): string {
  const mark = l.reversal === true ? (l.direction === 'credit' ? 'RD' : 'RC') : l.direction === 'credit' ? 'C' : 'D';
  const ref = (l.customerReference ?? 'NONREF').slice(0, 16);
  const bank = l.bankReference === undefined ? '' : `//${l.bankReference.slice(0, 16)}`;
  let info = '';
  if (l.endToEndId !== undefined) info += `/EREF/${l.endToEndId}`;
  if (l.instructionId !== undefined) info += `/KREF/${l.instructionId}`;
  if (l.returnReason !== undefined)
    info += `/RTRN/${l.returnReason.code}${l.returnReason.info === undefined ? '' : ` ${l.returnReason.info}`}`;
  if (l.counterparty?.name !== undefined) info += `/NAME/${l.counterparty.name}`;
  if (l.counterparty?.account !== undefined) info += `/IBAN/${l.counterparty.account}`;
  if (l.remittanceInfo !== undefined) info += `/REMI/USTD//${l.remittanceInfo}`;
  if (info !== '') info += '/';
  const valueDate = yymmdd(l.valueDate);
  const entryDate = l.bookingDate.slice(5, 7) + l.bookingDate.slice(8, 10);
  const tx = l.returnReason === undefined ? 'NTRF' : 'NRTI';
  let out = `:61:${valueDate}${entryDate}${mark}${amount(l.amountMinor, c)}${tx}${ref}${bank}\n`;
  if (info !== '') out += `:86:${wrap(info)}\n`;
  return out;
}

/** SWIFT lines: 65 characters, at most 6 lines for :86:. */
function wrap(s: string): string {
  const lines: string[] = [];
  let i = 0;
  while (i < s.length && lines.length < 6) {
    let piece = s.slice(i, i + 65);
    // Readers drop trailing blanks of a physical line; never end one with a space.
    while (piece.length > 1 && piece.endsWith(' ') && i + piece.length < s.length) piece = piece.slice(0, -1);
    lines.push(piece);
    i += piece.length;
  }
  return lines.join('\n');
}
