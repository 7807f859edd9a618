import { createHash } from 'node:crypto';
import type { StatementFormat as BankStatementFormat } from '@payout/bank';
import { CN_BANK_CSV, streamCsvWithPreamble, streamStatements, type StatementEvent } from '@payout/statements';

/**
 * Parser events for a statement a bank adapter fetched. camt.053 goes to the streaming camt
 * parser; the CN dialect's CSV carries its statement number and balances in a preamble.
 */
export function eventsOfFetchedStatement(format: BankStatementFormat, content: string): AsyncIterable<StatementEvent> {
  switch (format) {
    case 'camt.053':
      return streamStatements([content], { format: 'camt053' });
    case 'csv':
      return streamCsvWithPreamble([content], { csvMapping: CN_BANK_CSV.mapping, preamble: CN_BANK_CSV.preamble });
  }
}

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
