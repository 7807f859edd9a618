import type { BankAccountRef } from '@payout/domain';
import { el } from './xml-text.ts';

/** `<Id>` of a CashAccount: IBAN when the scheme is IBAN, else Othr with a proprietary scheme name. */
export function accountIdXml(ref: BankAccountRef): string {
  if (ref.scheme === 'iban') return `<Id>${el('IBAN', ref.accountNumber.replace(/\s+/g, '').toUpperCase())}</Id>`;
  return `<Id><Othr>${el('Id', ref.accountNumber)}<SchmeNm>${el('Prtry', ref.scheme.toUpperCase())}</SchmeNm></Othr></Id>`;
}

/** `<FinInstnId>` of an agent: BIC for IBAN accounts, clearing-system member id otherwise. */
export function agentXml(ref: BankAccountRef): string | undefined {
  if (ref.bankCode === undefined || ref.bankCode.length === 0) return undefined;
  if (ref.scheme === 'iban') return `<FinInstnId>${el('BICFI', ref.bankCode)}</FinInstnId>`;
  const system = ref.scheme === 'us_aba' ? 'USABA' : ref.scheme === 'uk_sort_code' ? 'GBDSC' : 'CNAPS';
  return `<FinInstnId><ClrSysMmbId><ClrSysId>${el('Cd', system)}</ClrSysId>${el('MmbId', ref.bankCode)}</ClrSysMmbId></FinInstnId>`;
}
