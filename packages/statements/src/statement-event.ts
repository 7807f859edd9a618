import type { ContinuityResult } from './continuity/continuity.ts';
import type { StatementFormat, StatementHeader, StatementLine, StatementTotals } from './statement.model.ts';

/**
 * What the streaming API yields, in order, for each statement in a file:
 * `begin` (header as known before the lines), `line`…, `end` (header with the closing balance,
 * totals and the continuity check), and after the last statement one `complete`.
 *
 * A file is usable only once `complete` has been seen: a parse error can surface after many
 * lines (a balance that does not add up, a truncated file). Ingestion stages what it receives
 * (a transaction, a staging table, a buffer) and commits on `complete`, discarding on a throw.
 */
export type StatementEvent =
  | { readonly kind: 'begin'; readonly header: StatementHeader }
  | { readonly kind: 'line'; readonly statementIndex: number; readonly line: StatementLine }
  | {
      readonly kind: 'end';
      readonly header: StatementHeader;
      readonly totals: StatementTotals;
      readonly continuity: ContinuityResult;
    }
  | {
      readonly kind: 'complete';
      readonly format: StatementFormat;
      readonly statementCount: number;
      readonly lineCount: number;
    };

export type StatementEventSink = (event: StatementEvent) => void;
