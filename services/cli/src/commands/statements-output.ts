import { formatAmountMinor, maskAccount } from '@payout/domain';
import type { ContinuityResult, StatementEvent, StatementHeader, StatementLine, StatementTotals } from '@payout/statements';
import type { CliIo } from '../cli-io.ts';

/** Prints parse events as they arrive (a million lines are never held); text or one streamed JSON document. */
export interface StatementPrinter {
  event(e: StatementEvent): void;
  /** Continuity breaks seen so far (mismatched statements). */
  readonly mismatches: number;
}

export function textPrinter(io: CliIo): StatementPrinter {
  let mismatches = 0;
  let currency = '';
  const amount = (minor: bigint): string => formatAmountMinor(minor, currency);
  return {
    get mismatches() {
      return mismatches;
    },
    event(e) {
      switch (e.kind) {
        case 'begin': {
          const h = e.header;
          currency = h.currency;
          const seq = [h.sequence.electronic && `seq ${h.sequence.electronic}`, h.sequence.legal && `legal ${h.sequence.legal}`, h.sequence.page !== undefined && `page ${h.sequence.page}`]
            .filter(Boolean)
            .join(' ');
          io.stdout(`statement ${h.statementId} · ${h.version ?? h.format} · account ${maskAccount(h.account.id)} (${h.account.scheme}) · ${h.currency}${seq === '' ? '' : ` · ${seq}`}`);
          io.stdout(`  ${'#'.padStart(5)}  ${'booking'.padEnd(10)}  ${'value'.padEnd(10)}  D/C  ${'amount'.padStart(16)}  ${'status'.padEnd(7)}  reference`);
          return;
        }
        case 'line':
          io.stdout(lineText(e.line, amount));
          return;
        case 'end':
          if (e.continuity.kind === 'mismatch') mismatches++;
          for (const l of summaryText(e.header, e.totals, e.continuity)) io.stdout(l);
          return;
        case 'complete':
          io.stdout(`${e.statementCount} statement(s), ${e.lineCount} line(s), format ${e.format}`);
          return;
      }
    },
  };
}

function lineText(l: StatementLine, amount: (m: bigint) => string): string {
  const refs = [
    l.endToEndId && `e2e ${l.endToEndId}`,
    l.uetr && `uetr ${l.uetr}`,
    l.bankReference && `bank ${l.bankReference}`,
    l.returnReason && `RETURN ${l.returnReason.code ?? '?'}${l.returnReason.info ? ` (${l.returnReason.info})` : ''}`,
    l.reversal && 'REVERSAL',
    l.batch && `batch ${l.batch.transactionCount}`,
    l.counterparty?.name,
    l.counterparty?.account && maskAccount(l.counterparty.account),
  ]
    .filter(Boolean)
    .join(' · ');
  return `  ${String(l.index).padStart(5)}  ${(l.bookingDate ?? '-').padEnd(10)}  ${(l.valueDate ?? '-').padEnd(10)}  ${l.direction === 'debit' ? 'D  ' : 'C  '}  ${amount(l.amountMinor).padStart(16)}  ${l.status.padEnd(7)}  ${refs}`;
}

function summaryText(h: StatementHeader, t: StatementTotals, c: ContinuityResult): string[] {
  const a = (minor: bigint): string => `${formatAmountMinor(minor, h.currency)} ${h.currency}`;
  const bal = (b: StatementHeader['openingBalance']): string => (b === undefined ? 'none' : `${a(b.amountMinor)} on ${b.date} (${b.type})`);
  const out = [
    `  summary: ${t.lineCount} line(s); booked credits ${t.credits.count} = ${a(t.credits.amountMinor)}, booked debits ${t.debits.count} = ${a(t.debits.amountMinor)}; pending ${t.pendingCount}, info ${t.infoCount}`,
    `  opening ${bal(h.openingBalance)}; closing ${bal(h.closingBalance)}`,
  ];
  switch (c.kind) {
    case 'ok':
      out.push('  continuity: ok (opening + credits − debits = closing)');
      break;
    case 'mismatch':
      out.push(`  continuity: BROKEN — opening + credits − debits = ${a(c.expectedClosingMinor)}, closing is ${a(c.closingMinor)}, difference ${a(c.differenceMinor)}`);
      break;
    case 'not_applicable':
      out.push(`  continuity: not checkable (${c.reason.replace(/_/g, ' ')})`);
      break;
  }
  return out;
}

/**
 * One JSON document, streamed: {"statements":[{"header":…,"lines":[…],"summary":…},…],"complete":…}.
 * Amounts are strings of minor units with their currency, as everywhere in JSON here.
 */
export function jsonPrinter(io: CliIo): StatementPrinter {
  let mismatches = 0;
  let statements = 0;
  let lines = 0;
  return {
    get mismatches() {
      return mismatches;
    },
    event(e) {
      switch (e.kind) {
        case 'begin':
          io.stdout(`${statements === 0 ? '{"statements":[' : ','}{"header":${json(e.header)},"lines":[`);
          statements++;
          lines = 0;
          return;
        case 'line':
          io.stdout(`${lines === 0 ? '' : ','}${json({ ...e.line, amountMinor: e.line.amountMinor.toString() })}`);
          lines++;
          return;
        case 'end':
          if (e.continuity.kind === 'mismatch') mismatches++;
          io.stdout(`],"summary":${json({ header: e.header, totals: e.totals, continuity: e.continuity })}}`);
          return;
        case 'complete':
          io.stdout(`${statements === 0 ? '{"statements":[' : ''}],"complete":${json(e)}}`);
          return;
      }
    },
  };
}

function json(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}
