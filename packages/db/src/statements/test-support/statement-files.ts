import { createHash } from 'node:crypto';
import { streamStatements, writeCamt053, type StatementFormat, type WritableLine } from '@payout/statements';
import type { Db } from '../../database.ts';
import { ingestStatementFile, type IngestResult, type StatementFileSource } from '../ingest-statement-file.ts';

export interface DayStatement {
  readonly account: string;
  readonly date: string;
  readonly sequence: number;
  readonly openingMinor: bigint;
  readonly lines: readonly WritableLine[];
  readonly currency?: string;
  readonly messageId?: string;
}

/** A camt.053.001.08 statement for one day whose closing balance follows from its lines. */
export function camtDay(s: DayStatement): { text: string; closingMinor: bigint } {
  const currency = s.currency ?? 'EUR';
  let closing = s.openingMinor;
  for (const l of s.lines) if ((l.status ?? 'booked') === 'booked') closing += l.direction === 'debit' ? -l.amountMinor : l.amountMinor;
  const text = [
    ...writeCamt053(
      {
        messageId: s.messageId ?? `MSG-${s.date}-${s.sequence}`,
        statementId: `STMT-${s.date}`,
        account: { id: s.account, scheme: /^[A-Z]{2}\d{2}/.test(s.account) ? 'iban' : 'other' },
        currency,
        sequence: String(s.sequence),
        creationDateTime: `${s.date}T23:00:00Z`,
        openingBalance: { amountMinor: s.openingMinor, date: s.date },
        closingBalance: { amountMinor: closing, date: s.date },
      },
      s.lines,
    ),
  ].join('');
  return { text, closingMinor: closing };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Parse and ingest a text file the way the CLI and API do. */
export function ingestText(
  db: Db,
  bankId: string,
  text: string,
  opts: { format?: StatementFormat | 'auto'; source?: StatementFileSource } = {},
): Promise<IngestResult> {
  return ingestStatementFile(db, {
    bankId,
    source: opts.source ?? 'test',
    actor: 'test',
    contentSha256: sha256(text),
    byteSize: Buffer.byteLength(text),
    events: streamStatements([text], { format: opts.format ?? 'auto' }),
  });
}
