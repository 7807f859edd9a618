import { formatAmountMinor, maskAccount } from '@payout/domain';
import type {
  ContinuityResult,
  StatementEvent,
  StatementHeader,
  StatementLine,
  StatementTotals,
  StatementWarning,
} from '@payout/statements';
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
  // Warnings of the current statement's lines (code → count) and of the whole file.
  let lineWarnings = new Map<string, number>();
  let lineWarningCount = 0;
  let fileWarnings = 0;
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
          const seq = [
            h.sequence.electronic && `seq ${h.sequence.electronic}`,
            h.sequence.legal && `legal ${h.sequence.legal}`,
            h.sequence.page !== undefined && `page ${h.sequence.page}`,
          ]
            .filter(Boolean)
            .join(' ');
          io.stdout(
            `statement ${h.statementId} · ${h.version ?? h.format} · account ${maskAccount(h.account.id)} (${h.account.scheme}) · ${h.currency}${seq === '' ? '' : ` · ${seq}`}`,
          );
          io.stdout(
            `  ${'#'.padStart(5)}  ${'booking'.padEnd(10)}  ${'value'.padEnd(10)}  D/C  ${'amount'.padStart(16)}  ${'status'.padEnd(7)}  reference`,
          );
          lineWarnings = new Map();
          lineWarningCount = 0;
          return;
        }
        case 'line':
          io.stdout(lineText(e.line, amount));
          for (const w of e.line.warnings ?? []) {
            io.stdout(`         warning ${warningText(w)}`);
            lineWarnings.set(w.code, (lineWarnings.get(w.code) ?? 0) + 1);
            lineWarningCount++;
          }
          return;
        case 'end': {
          if (e.continuity.kind === 'mismatch') mismatches++;
          for (const l of summaryText(e.header, e.totals, e.continuity)) io.stdout(l);
          const own = e.header.warnings ?? [];
          fileWarnings += own.length + lineWarningCount;
          if (own.length + lineWarningCount > 0) {
            const byCode = [...lineWarnings].map(([code, n]) => `${code} ×${n}`).join(', ');
            io.stdout(
              `  warnings: ${own.length + lineWarningCount} (statement ${own.length}, lines ${lineWarningCount}${byCode === '' ? '' : `: ${byCode}`})`,
            );
            for (const w of own) io.stdout(`    ${warningText(w)}`);
          } else io.stdout('  warnings: none');
          return;
        }
        case 'complete':
          io.stdout(`${e.statementCount} statement(s), ${e.lineCount} line(s), format ${e.format}, ${fileWarnings} warning(s)`);
          return;
      }
    },
  };
}

/** "value_date_normalised at line 12: …" — code and place first; messages carry no account numbers. */
function warningText(w: StatementWarning): string {
  return `${w.code} at ${w.place}: ${w.message}`;
}

function lineText(l: StatementLine, amount: (m: bigint) => string): string {
  const refs = [
    l.accountAmount && `account ${formatAmountMinor(l.accountAmount.amountMinor, l.accountAmount.currency)} ${l.accountAmount.currency}`,
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
  const amountText =
    l.accountAmount === undefined ? amount(l.amountMinor) : `${formatAmountMinor(l.amountMinor, l.currency)} ${l.currency}`;
  return `  ${String(l.index).padStart(5)}  ${(l.bookingDate ?? '-').padEnd(10)}  ${(l.valueDate ?? '-').padEnd(10)}  ${l.direction === 'debit' ? 'D  ' : 'C  '}  ${amountText.padStart(16)}  ${l.status.padEnd(7)}  ${refs}`;
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
      out.push(
        `  continuity: BROKEN — opening + credits − debits = ${a(c.expectedClosingMinor)}, closing is ${a(c.closingMinor)}, difference ${a(c.differenceMinor)}`,
      );
      break;
    case 'not_applicable':
      out.push(`  continuity: not checkable (${c.reason.replace(/_/g, ' ')})`);
      break;
  }
  return out;
}

/**
 * One JSON document, streamed: {"statements":[{"header":…,"lines":[…],"summary":…},…],"complete":…}.
 * Amounts are strings of minor units with their currency, as everywhere in JSON here. Each line
 * carries its `warnings` and `accountAmount` when it has them; the statement's own warnings are
 * complete only at its end, so they are in `summary.header.warnings`, with `summary.warningCount`
 * (statement + lines) and `complete.warningCount` for the file.
 */
export function jsonPrinter(io: CliIo): StatementPrinter {
  let mismatches = 0;
  let statements = 0;
  let lines = 0;
  let lineWarnings = 0;
  let fileWarnings = 0;
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
          lineWarnings = 0;
          return;
        case 'line':
          io.stdout(`${lines === 0 ? '' : ','}${json({ ...e.line, amountMinor: e.line.amountMinor.toString() })}`);
          lines++;
          lineWarnings += e.line.warnings?.length ?? 0;
          return;
        case 'end': {
          if (e.continuity.kind === 'mismatch') mismatches++;
          const warningCount = (e.header.warnings?.length ?? 0) + lineWarnings;
          fileWarnings += warningCount;
          io.stdout(`],"summary":${json({ header: e.header, totals: e.totals, continuity: e.continuity, warningCount })}}`);
          return;
        }
        case 'complete':
          io.stdout(`${statements === 0 ? '{"statements":[' : ''}],"complete":${json({ ...e, warningCount: fileWarnings })}}`);
          return;
      }
    },
  };
}

function json(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}
