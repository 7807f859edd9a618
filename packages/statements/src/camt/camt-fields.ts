import { decimalToMinor } from '../amount/statement-amount.ts';
import { dateOfIsoDateTime, parseIsoDate, parseIsoDateTime } from '../date/statement-date.ts';
import { malformed, maskedExcerpt } from '../statement-error.ts';
import type { AccountIdScheme, LineDirection } from '../statement.model.ts';
import type { CamtFormat } from './camt-namespace.ts';
import { at, child, place, textAt, type XmlNode } from './xml-node.ts';

/** `<Amt Ccy="EUR">123.45</Amt>` → exact minor units; the amount must be unsigned. */
export function camtAmount(format: CamtFormat, node: XmlNode): { amountMinor: bigint; currency: string } {
  const currency = node.attrs['Ccy'];
  if (currency === undefined || currency === '') throw malformed(format, place(node), 'amount has no Ccy attribute');
  const text = node.text.trim();
  if (text.startsWith('-')) {
    throw malformed(format, place(node), `amount ${JSON.stringify(maskedExcerpt(text))} is negative; camt signs amounts with CdtDbtInd`);
  }
  try {
    return { amountMinor: decimalToMinor(text, currency), currency };
  } catch (e) {
    throw malformed(
      format,
      place(node),
      `amount ${JSON.stringify(maskedExcerpt(text))} ${maskedExcerpt(currency)}: ${withoutQuote(e, text)}`,
    );
  }
}

/** A cause's message with the value it quotes replaced by "it": the caller quotes it once, masked. */
function withoutQuote(e: unknown, text: string): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split(JSON.stringify(text)).join('it');
}

export function requiredChild(format: CamtFormat, parent: XmlNode, name: string): XmlNode {
  const c = child(parent, name);
  if (c === undefined) throw malformed(format, place(parent), `${name} is missing`);
  return c;
}

export function direction(format: CamtFormat, parent: XmlNode): LineDirection {
  return directionOf(format, requiredChild(format, parent, 'CdtDbtInd'));
}

/** A `<CdtDbtInd>` element's value. */
export function directionOf(format: CamtFormat, node: XmlNode): LineDirection {
  const v = node.text.trim();
  if (v === 'CRDT') return 'credit';
  if (v === 'DBIT') return 'debit';
  throw malformed(format, place(node), `CdtDbtInd ${JSON.stringify(maskedExcerpt(v))} is neither CRDT nor DBIT`);
}

/** DateAndDateTimeChoice: `<Dt>` or `<DtTm>` → the calendar date the bank wrote. */
export function dateChoice(format: CamtFormat, node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const dt = child(node, 'Dt');
  if (dt !== undefined) {
    try {
      return parseIsoDate(dt.text.trim());
    } catch (e) {
      throw malformed(format, place(dt), 'bad date', e);
    }
  }
  const dtTm = child(node, 'DtTm');
  if (dtTm !== undefined) return dateOfDateTime(format, dtTm);
  throw malformed(format, place(node), 'neither Dt nor DtTm is given');
}

export function dateOfDateTime(format: CamtFormat, node: XmlNode): string {
  try {
    return dateOfIsoDateTime(node.text.trim());
  } catch (e) {
    throw malformed(format, place(node), 'bad date-time', e);
  }
}

export function dateTimeText(format: CamtFormat, node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  try {
    return parseIsoDateTime(node.text.trim());
  } catch (e) {
    throw malformed(format, place(node), 'bad date-time', e);
  }
}

/** CashAccount Id: IBAN or Othr/Id; in .001.01 also BBAN, UPIC or PrtryAcct/Id. */
export function accountId(node: XmlNode | undefined): { id: string; scheme: AccountIdScheme } | undefined {
  const id = child(node, 'Id');
  if (id === undefined) return undefined;
  const iban = textAt(id, 'IBAN');
  if (iban !== undefined) return { id: iban.replace(/\s+/g, '').toUpperCase(), scheme: 'iban' };
  const other = textAt(id, 'Othr', 'Id') ?? textAt(id, 'BBAN') ?? textAt(id, 'UPIC') ?? textAt(id, 'PrtryAcct', 'Id');
  if (other !== undefined) return { id: other, scheme: 'other' };
  return undefined;
}

/** FinancialInstitutionIdentification: BIC (≤ .001.04) or BICFI (later); .001.01 may nest it in CmbndId. */
export function agentBic(node: XmlNode | undefined): string | undefined {
  const fin = at(node, 'FinInstnId');
  return textAt(fin, 'BICFI') ?? textAt(fin, 'BIC') ?? textAt(fin, 'Nm') ?? textAt(fin, 'CmbndId', 'BIC');
}

/** Where an AmountAndCurrencyExchange may state the amount in another currency, most specific first. */
const AMOUNT_DETAILS = ['CntrValAmt', 'TxAmt', 'InstdAmt', 'AnncdPstngAmt'] as const;

/**
 * The first amount in `currency` among an AmtDtls' CntrValAmt, TxAmt, InstdAmt and AnncdPstngAmt
 * (each `<X><Amt Ccy="…">`), with the element it came from; undefined when none is in that currency.
 * Never converted with CcyXchg: a rate times an amount is a guess at what the bank booked.
 */
export function amountInCurrency(
  format: CamtFormat,
  amtDtls: XmlNode | undefined,
  currency: string,
): { amountMinor: bigint; currency: string; source: string } | undefined {
  if (amtDtls === undefined) return undefined;
  for (const name of AMOUNT_DETAILS) {
    const amt = at(amtDtls, name, 'Amt');
    if (amt !== undefined && amt.attrs['Ccy'] === currency) return { ...camtAmount(format, amt), source: `AmtDtls/${name}` };
  }
  return undefined;
}
