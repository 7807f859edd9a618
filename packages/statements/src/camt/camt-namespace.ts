import type { StatementFormat } from '../statement.model.ts';

export type CamtFormat = Extract<StatementFormat, 'camt052' | 'camt053' | 'camt054'>;

export interface CamtVersion {
  readonly format: CamtFormat;
  /** "camt.053.001.08" */
  readonly id: string;
  readonly version: number;
  /** The message element under Document for this message. */
  readonly messageElement: string;
  /** The repeated statement element under the message element. */
  readonly statementElement: string;
}

/**
 * Versions whose structure the camt reader has been checked against. A new version goes here once
 * someone has checked its schema against camt-entry.ts; until then the file is refused rather
 * than half-read. camt.052.001.01 (2007 schema, still sent by some German and Swiss banks) was
 * checked element by element: its message element is `BkToCstmrAcctRptV01`, `Bal/Tp` holds `Cd`
 * directly (no CdOrPrtry), `TxDtls` sit directly under `Ntry` (no NtryDtls), `Sts` is a code,
 * remittance references are `Strd/CdtrRefInf/CdtrRef`, returns `RtrInf/RtrRsn` and
 * `AddtlRtrRsnInf`, and accounts may be `BBAN`, `UPIC` or `PrtryAcct/Id` besides `IBAN`.
 * camt.053.001.01 and camt.054.001.01 have not been checked and stay refused.
 */
export const SUPPORTED_CAMT_VERSIONS: Readonly<Record<CamtFormat, readonly number[]>> = {
  camt052: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  camt053: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  camt054: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
};

const MESSAGE: Readonly<Record<CamtFormat, { readonly messageElement: string; readonly statementElement: string }>> = {
  camt052: { messageElement: 'BkToCstmrAcctRpt', statementElement: 'Rpt' },
  camt053: { messageElement: 'BkToCstmrStmt', statementElement: 'Stmt' },
  camt054: { messageElement: 'BkToCstmrDbtCdtNtfctn', statementElement: 'Ntfctn' },
};

const NS = /^urn:iso:std:iso:20022:tech:xsd:camt\.(052|053|054)\.001\.(\d{2})$/;

export type CamtNamespaceResult =
  | { readonly kind: 'camt'; readonly version: CamtVersion }
  | { readonly kind: 'unsupported_version'; readonly format: CamtFormat; readonly id: string }
  | { readonly kind: 'not_camt' };

/** Classify a Document's namespace URI: the version is read from the namespace, nowhere else. */
export function classifyCamtNamespace(uri: string): CamtNamespaceResult {
  const m = NS.exec(uri.trim());
  if (m === null) return { kind: 'not_camt' };
  const format = `camt${m[1] ?? ''}` as CamtFormat;
  const version = Number(m[2]);
  const id = `camt.${m[1] ?? ''}.001.${m[2] ?? ''}`;
  if (!SUPPORTED_CAMT_VERSIONS[format].includes(version)) return { kind: 'unsupported_version', format, id };
  const message = MESSAGE[format];
  // Version 1 names its message element after the message version (BkToCstmrAcctRptV01).
  const messageElement = version === 1 ? `${message.messageElement}V01` : message.messageElement;
  return { kind: 'camt', version: { format, id, version, messageElement, statementElement: message.statementElement } };
}
