import { PayoutError, formatAmountMinor } from '@payout/domain';
import { decimalToMinor } from '../amount/statement-amount.ts';
import { malformed, maskedExcerpt } from '../statement-error.ts';
import type { LineDirection, LineStatus } from '../statement.model.ts';
import type { CamtFormat } from './camt-namespace.ts';
import { child, place, type XmlNode } from './xml-node.ts';

/** Counts and sums of one set of entries. Sums in the account currency; `*OwnDelta` is the entry's own amount minus its account-currency amount, summed over foreign-currency entries. */
class EntryCounts {
  count = 0;
  creditCount = 0;
  creditSum = 0n;
  debitSum = 0n;
  creditOwnDelta = 0n;
  debitOwnDelta = 0n;

  add(dir: LineDirection, accountMinor: bigint, delta: bigint): void {
    this.count++;
    if (dir === 'credit') {
      this.creditCount++;
      this.creditSum += accountMinor;
      this.creditOwnDelta += delta;
    } else {
      this.debitSum += accountMinor;
      this.debitOwnDelta += delta;
    }
  }

  /** `name` is '' or 'booked ', put before "entries", "credit entries" … in messages. */
  asSet(name: string): EntrySet {
    return {
      name,
      count: this.count,
      creditCount: this.creditCount,
      debitCount: this.count - this.creditCount,
      creditSum: this.creditSum,
      debitSum: this.debitSum,
      creditOwn: this.creditSum + this.creditOwnDelta,
      debitOwn: this.debitSum + this.debitOwnDelta,
    };
  }
}

/**
 * Per-entry counts and sums of one statement, for its `TxsSummry`. Counted per Ntry (a batch
 * entry split into several lines still counts once, with its own total) and in two sets, because
 * banks differ in what they summarise: every entry, or only the booked ones (a camt.052 with
 * pending entries). Sums are kept in the account currency; for entries in another currency the
 * entry's own amount is kept as an alternative sum, since banks differ there too.
 *
 * Runs once per entry: plain fields, no allocation.
 */
export class CamtEntryTally {
  readonly all = new EntryCounts();
  readonly booked = new EntryCounts();

  entry(dir: LineDirection, status: LineStatus, accountMinor: bigint, ownMinor: bigint): void {
    const delta = ownMinor - accountMinor;
    this.all.add(dir, accountMinor, delta);
    if (status === 'booked') this.booked.add(dir, accountMinor, delta);
  }
}

interface EntrySet {
  /** '' or 'booked ', before "entries", "credit entries" … */
  readonly name: string;
  readonly count: number;
  readonly creditCount: number;
  readonly debitCount: number;
  readonly creditSum: bigint;
  readonly debitSum: bigint;
  readonly creditOwn: bigint;
  readonly debitOwn: bigint;
}

interface Disagreement {
  readonly node: XmlNode;
  readonly element: string;
  readonly stated: string;
  /** Completes "but the statement …": " has 2 entries", "'s debit entries sum to 300.00 EUR". */
  readonly found: string;
}

/**
 * Check a statement's `TxsSummry` (TtlNtries: NbOfNtries, Sum, TtlNetNtryAmt + CdtDbtInd in
 * ≤ .001.02 or TtlNetNtry/Amt + CdtDbtInd later; TtlCdtNtries and TtlDbtNtries: NbOfNtries,
 * Sum) against the entries that were read. Absent elements are not checked. The statement passes
 * when every stated figure agrees with all its entries, or every one with its booked entries;
 * otherwise PAYOUT_E_STATEMENT_CONTROL_TOTAL names the first element that disagrees (path and
 * line), what it states and what the entries add up to. Runs whatever `verifyBalances` says: a
 * count that does not match means entries were lost or invented.
 */
export function checkTxsSummry(format: CamtFormat, summary: XmlNode, tally: CamtEntryTally, currency: string): void {
  const all = tally.all.asSet('');
  const fromAll = disagreements(format, summary, all, currency);
  if (fromAll.length === 0) return;
  const booked = tally.booked.asSet('booked ');
  const fromBooked = booked.count === all.count ? fromAll : disagreements(format, summary, booked, currency);
  if (fromBooked.length === 0) return;
  // Report against the reading the summary fits better (fewer disagreements), all entries on a tie.
  const first = (fromBooked.length < fromAll.length ? fromBooked[0] : fromAll[0]) as Disagreement;
  const where = place(first.node);
  throw new PayoutError(
    'PAYOUT_E_STATEMENT_CONTROL_TOTAL',
    `${format.replace('camt', 'camt.')} control total does not add up at ${where}: it states ${first.stated}, but the statement${first.found}`,
    { format, place: where, element: `TxsSummry/${first.element}`, stated: first.stated, found: first.found.trim() },
  );
}

function disagreements(format: CamtFormat, summary: XmlNode, set: EntrySet, currency: string): Disagreement[] {
  const money = (minor: bigint): string => `${formatAmountMinor(minor, currency)} ${currency}`;
  const ttl = child(summary, 'TtlNtries');
  const cdt = child(summary, 'TtlCdtNtries');
  const dbt = child(summary, 'TtlDbtNtries');
  const checks: (Disagreement | undefined)[] = [
    count(format, ttl, 'TtlNtries', set.count, ` has ${set.count} ${set.name}entries`),
    sum(
      format,
      ttl,
      'TtlNtries',
      currency,
      [set.creditSum + set.debitSum, set.creditOwn + set.debitOwn],
      `'s ${set.name}entries sum to ${money(set.creditSum + set.debitSum)}`,
    ),
    net(
      format,
      ttl,
      currency,
      [set.creditSum - set.debitSum, set.creditOwn - set.debitOwn],
      `'s ${set.name}entries net to ${money(set.creditSum - set.debitSum)}`,
    ),
    count(format, cdt, 'TtlCdtNtries', set.creditCount, ` has ${set.creditCount} ${set.name}credit entries`),
    sum(
      format,
      cdt,
      'TtlCdtNtries',
      currency,
      [set.creditSum, set.creditOwn],
      `'s ${set.name}credit entries sum to ${money(set.creditSum)}`,
    ),
    count(format, dbt, 'TtlDbtNtries', set.debitCount, ` has ${set.debitCount} ${set.name}debit entries`),
    sum(format, dbt, 'TtlDbtNtries', currency, [set.debitSum, set.debitOwn], `'s ${set.name}debit entries sum to ${money(set.debitSum)}`),
  ];
  return checks.filter((c) => c !== undefined);
}

function count(
  format: CamtFormat,
  group: XmlNode | undefined,
  groupName: string,
  found: number,
  foundText: string,
): Disagreement | undefined {
  const node = child(group, 'NbOfNtries');
  if (node === undefined) return undefined;
  const text = node.text.trim();
  if (!/^[0-9]{1,15}$/.test(text))
    throw malformed(format, place(node), `NbOfNtries ${JSON.stringify(maskedExcerpt(text))} is not a number of entries`);
  if (Number(text) === found) return undefined;
  return { node, element: `${groupName}/NbOfNtries`, stated: `${Number(text)} entries`, found: foundText };
}

function sum(
  format: CamtFormat,
  group: XmlNode | undefined,
  groupName: string,
  currency: string,
  accepted: readonly bigint[],
  foundText: string,
): Disagreement | undefined {
  const node = child(group, 'Sum');
  if (node === undefined) return undefined;
  const stated = decimal(format, node, currency);
  if (accepted.includes(stated)) return undefined;
  return { node, element: `${groupName}/Sum`, stated: `${formatAmountMinor(stated, currency)} ${currency}`, found: foundText };
}

/** TtlNetNtryAmt + CdtDbtInd (≤ .001.02) or TtlNetNtry/Amt + CdtDbtInd (.001.03+): credits − debits, signed. */
function net(
  format: CamtFormat,
  ttl: XmlNode | undefined,
  currency: string,
  accepted: readonly bigint[],
  foundText: string,
): Disagreement | undefined {
  const wrapper = child(ttl, 'TtlNetNtry');
  const holder = wrapper ?? ttl;
  const node = wrapper === undefined ? child(ttl, 'TtlNetNtryAmt') : child(wrapper, 'Amt');
  if (holder === undefined || node === undefined) return undefined;
  const amount = decimal(format, node, currency);
  const ind = child(holder, 'CdtDbtInd')?.text.trim();
  if (ind !== undefined && ind !== 'CRDT' && ind !== 'DBIT') {
    throw malformed(
      format,
      place(child(holder, 'CdtDbtInd') ?? holder),
      `CdtDbtInd ${JSON.stringify(maskedExcerpt(ind))} is neither CRDT nor DBIT`,
    );
  }
  const signed = ind === 'DBIT' ? -amount : amount;
  // Without an indicator only the size of the net can be compared.
  if (accepted.some((a) => a === signed || (ind === undefined && (a === amount || a === -amount)))) return undefined;
  const element = wrapper === undefined ? 'TtlNtries/TtlNetNtryAmt' : 'TtlNtries/TtlNetNtry/Amt';
  return { node, element, stated: `${formatAmountMinor(amount, currency)} ${currency} ${ind ?? ''}`.trimEnd(), found: foundText };
}

function decimal(format: CamtFormat, node: XmlNode, currency: string): bigint {
  const text = node.text.trim();
  try {
    if (text.startsWith('-')) throw new Error('it is negative');
    return decimalToMinor(text, currency);
  } catch (e) {
    const why = e instanceof Error ? e.message.split(JSON.stringify(text)).join('it') : String(e);
    throw malformed(format, place(node), `${node.name} ${JSON.stringify(maskedExcerpt(text))} is not an amount in ${currency}: ${why}`);
  }
}
