import { describe, expect, it } from 'vitest';
import { streamStatements } from './parse-statements.ts';
import type { StatementFormat } from './statement.model.ts';
import { writeCamt053 } from './writers/camt053.writer.ts';
import { writeMt940 } from './writers/mt940.writer.ts';
import type { WritableLine, WritableStatement } from './writers/writable-statement.ts';

const N = 200_000;

function* lines(): Generator<WritableLine> {
  for (let i = 0; i < N; i++) {
    yield {
      amountMinor: BigInt(100 + ((i * 7919) % 1_000_000)),
      direction: i % 4 === 0 ? 'credit' : 'debit',
      bookingDate: '2026-03-02',
      valueDate: '2026-03-02',
      endToEndId: `PAYOUT-${i}`,
      bankReference: `B${i}`,
      counterparty: { name: 'Creditor Name', account: 'NL91ABNA0417164300' },
      remittanceInfo: `Invoice ${i}`,
    };
  }
}

function expectedTotals(): { credits: bigint; debits: bigint } {
  let credits = 0n;
  let debits = 0n;
  for (const l of lines()) {
    if (l.direction === 'credit') credits += l.amountMinor;
    else debits += l.amountMinor;
  }
  return { credits, debits };
}

/** The writer's output regrouped into ~64 KB chunks, produced lazily: the text never exists whole. */
async function* source(chunks: Iterable<string>): AsyncGenerator<string> {
  let buffer: string[] = [];
  let size = 0;
  for (const c of chunks) {
    buffer.push(c);
    size += c.length;
    if (size >= 65_536) {
      yield buffer.join('');
      buffer = [];
      size = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}

describe('streaming a 200 000-entry statement', () => {
  const { credits, debits } = expectedTotals();
  const opening = 5_000_000_000n;
  const statement: WritableStatement = {
    messageId: 'BENCH-1',
    statementId: 'BENCH-STMT-1',
    account: { id: 'NL20INGB0001234567', scheme: 'iban' },
    currency: 'EUR',
    sequence: '1',
    creationDateTime: '2026-03-02T18:00:00+01:00',
    openingBalance: { amountMinor: opening, date: '2026-02-27' },
    closingBalance: { amountMinor: opening + credits - debits, date: '2026-03-02' },
  };

  const run = async (format: StatementFormat, chunks: Iterable<string>): Promise<void> => {
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let debitSum = 0n;
    let creditSum = 0n;
    let lastE2e = '';
    let complete = false;
    for await (const e of streamStatements(source(chunks), { format })) {
      if (e.kind === 'line') {
        count++;
        if (e.line.direction === 'credit') creditSum += e.line.amountMinor;
        else debitSum += e.line.amountMinor;
        lastE2e = e.line.endToEndId ?? '';
        if ((count & 0x3fff) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      } else if (e.kind === 'end') {
        expect(e.continuity.kind).toBe('ok');
        expect(e.totals.lineCount).toBe(N);
      } else if (e.kind === 'complete') {
        complete = true;
      }
    }
    expect(complete).toBe(true);
    expect(count).toBe(N);
    expect(creditSum).toBe(credits);
    expect(debitSum).toBe(debits);
    expect(lastE2e).toBe(`PAYOUT-${N - 1}`);
    // The camt text is ~140 MB (280 MB as UTF-16 in memory); holding it would show here.
    expect(peak).toBeLessThan(150 * 1024 * 1024);
  };

  it('camt.053', async () => {
    await run('camt053', writeCamt053(statement, lines(), { version: 8 }));
  }, 60_000);

  it('MT940', async () => {
    await run('mt940', writeMt940(statement, lines()));
  }, 60_000);
});
