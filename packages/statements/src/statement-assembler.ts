import { continuityOf, TotalsAccumulator } from './continuity/continuity.ts';
import { formatAmountMinor } from '@payout/domain';
import { balanceMismatch, malformed } from './statement-error.ts';
import type { StatementEventSink } from './statement-event.ts';
import type { StatementFormat, StatementHeader, StatementLine } from './statement.model.ts';

/**
 * A line as a parser builds it. `index` is a placeholder (write 0, first) that the assembler
 * numbers in place: copying a 30-field object per line is measurable at a million lines.
 */
export type LineDraft = StatementLine;

/**
 * The part every format shares: numbers lines, checks each line against its statement
 * (currency, positive amount), keeps totals, and at the end of a statement checks
 * opening + credits − debits = closing, throwing PAYOUT_E_STATEMENT_BALANCE_MISMATCH when
 * `verifyBalances` is on.
 */
export class StatementAssembler {
  private readonly format: StatementFormat;
  private readonly verifyBalances: boolean;
  private readonly emit: StatementEventSink;
  private header: StatementHeader | undefined;
  private totals = new TotalsAccumulator();
  private lineIndex = 0;
  private statementCount = 0;
  private lineCount = 0;

  constructor(format: StatementFormat, verifyBalances: boolean, emit: StatementEventSink) {
    this.format = format;
    this.verifyBalances = verifyBalances;
    this.emit = emit;
  }

  get open(): boolean {
    return this.header !== undefined;
  }

  get nextStatementIndex(): number {
    return this.statementCount;
  }

  begin(header: StatementHeader): void {
    if (this.header !== undefined) throw new Error('statement assembler: begin() while a statement is open');
    this.header = header;
    this.totals = new TotalsAccumulator();
    this.lineIndex = 0;
    this.emit({ kind: 'begin', header });
  }

  line(draft: LineDraft): void {
    const header = this.header;
    if (header === undefined) throw new Error('statement assembler: line() outside a statement');
    // A foreign-currency line (camt) moved the balance by its accountAmount; one that names none
    // may only be pending or info (the parser has warned): it moves no balance.
    const moved = draft.accountAmount ?? draft;
    if (moved.currency !== header.currency && (draft.status === 'booked' || draft.warnings === undefined)) {
      throw malformed(
        this.format,
        draft.location,
        `entry currency ${draft.currency} differs from the statement currency ${header.currency} (multi-currency statements are refused, not guessed)`,
      );
    }
    if (draft.amountMinor < 0n) throw malformed(this.format, draft.location, 'entry amount is negative');
    const line = draft;
    (line as { index: number }).index = this.lineIndex++;
    this.totals.add(line);
    this.lineCount++;
    this.emit({ kind: 'line', statementIndex: header.index, line });
  }

  /** Close the open statement; `header` may add what only the end knew (closing balance). */
  end(header: StatementHeader, closingPlace: string): void {
    if (this.header === undefined) throw new Error('statement assembler: end() without begin()');
    const totals = this.totals.totals();
    const continuity = continuityOf(header, totals);
    if (continuity.kind === 'mismatch' && this.verifyBalances) {
      const c = header.currency;
      throw balanceMismatch(
        this.format,
        closingPlace,
        `statement ${header.statementId}: opening ${formatAmountMinor(continuity.openingMinor, c)} + credits ${formatAmountMinor(continuity.creditsMinor, c)} − debits ${formatAmountMinor(continuity.debitsMinor, c)} = ${formatAmountMinor(continuity.expectedClosingMinor, c)}, but the closing balance is ${formatAmountMinor(continuity.closingMinor, c)} ${c} (difference ${formatAmountMinor(continuity.differenceMinor, c)})`,
        {
          statementId: header.statementId,
          expectedClosingMinor: continuity.expectedClosingMinor.toString(),
          closingMinor: continuity.closingMinor.toString(),
          differenceMinor: continuity.differenceMinor.toString(),
        },
      );
    }
    this.header = undefined;
    this.statementCount++;
    this.emit({ kind: 'end', header, totals, continuity });
  }

  complete(): void {
    if (this.header !== undefined) throw new Error('statement assembler: complete() while a statement is open');
    this.emit({ kind: 'complete', format: this.format, statementCount: this.statementCount, lineCount: this.lineCount });
  }
}
