import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { streamStatements, type StatementEvent } from '@payout/statements';
import type { CliIo } from '../cli-io.ts';
import { statementsCommand } from './statements.command.ts';
import { jsonPrinter, textPrinter } from './statements-output.ts';

const FIXTURES = fileURLToPath(new URL('../../../../packages/statements/src/fixtures/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
// The encoding corpus (enc-*): files as banks send them, in GB18030, Windows-1250, CP852, UTF-16.
const ENC = fileURLToPath(new URL('../../../../packages/statements/fixtures/', import.meta.url));
const enc = (name: string): string => join(ENC, name);
const dir = mkdtempSync(join(tmpdir(), 'statements-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {} };
}

describe('payout statements parse', () => {
  it('prints lines and a summary with totals, balances and continuity', async () => {
    const io = fakeIo();
    expect(await statementsCommand(['parse', fixture('camt053-v02.xml')], io)).toBe(0);
    const out = io.out.join('\n');
    expect(out).toContain('statement NL20INGB0001234567-2024-03-04 · camt.053.001.02 · account ****4567 (iban) · EUR · seq 101 page 1');
    expect(out).toContain('e2e PAYOUT-2024-000189');
    expect(out).toContain('summary: 7 line(s); booked credits 2 = 4350.00 EUR, booked debits 5 = 3962.50 EUR');
    expect(out).toContain('opening 15234.56 EUR on 2024-03-01 (OPBD); closing 15622.06 EUR on 2024-03-04 (CLBD)');
    expect(out).toContain('continuity: ok');
    expect(out).not.toContain('NL91ABNA0417164300'); // counterparty accounts are masked
    expect(io.err).toEqual([]);
  });

  it('prints one JSON document with amounts as minor-unit strings', async () => {
    const io = fakeIo();
    expect(await statementsCommand(['parse', fixture('mt940-multi.sta'), '--format', 'mt940', '--json'], io)).toBe(0);
    const doc = JSON.parse(io.out.join('\n')) as {
      statements: {
        header: { statementId: string };
        lines: { amountMinor: string; endToEndId?: string; raw: string }[];
        summary: { continuity: { kind: string } };
      }[];
      complete: { statementCount: number; lineCount: number };
    };
    expect(doc.statements.map((s) => s.header.statementId)).toEqual(['P240304000000001', 'P240305000000001', 'JP240305']);
    expect(doc.statements[0]?.lines[0]).toMatchObject({ amountMinor: '125000', endToEndId: 'PAYOUT-2024-000187' });
    expect(doc.statements[0]?.lines[0]?.raw.startsWith(':61:')).toBe(true);
    expect(doc.statements.every((s) => s.summary.continuity.kind === 'ok')).toBe(true);
    expect(doc.complete).toMatchObject({ statementCount: 3, lineCount: 9 });
  });

  it('reads CSV through a mapping file', async () => {
    const io = fakeIo();
    expect(
      await statementsCommand(['parse', fixture('csv-bank.csv'), '--format=csv', `--csv-mapping=${fixture('csv-bank.mapping.json')}`], io),
    ).toBe(0);
    expect(io.out.join('\n')).toContain('RETURN AC04');
  });

  it('shows the difference and exits 1 when the balance does not add up', async () => {
    const file = join(dir, 'mismatch.xml');
    writeFileSync(
      file,
      readFileSync(fixture('camt053-v02.xml'), 'utf8').replace('<Amt Ccy="EUR">15622.06</Amt>', '<Amt Ccy="EUR">15622.16</Amt>'),
    );
    const io = fakeIo();
    expect(await statementsCommand(['parse', file], io)).toBe(1);
    expect(io.out.join('\n')).toContain(
      'continuity: BROKEN — opening + credits − debits = 15622.06 EUR, closing is 15622.16 EUR, difference 0.10 EUR',
    );
    expect(io.err[0]).toMatch(/^error \[PAYOUT_E_STATEMENT_BALANCE_MISMATCH\]: 1 statement\(s\) do not add up — /);
  });

  it('names the place of a malformed file and exits 1', async () => {
    const file = join(dir, 'bad.sta');
    writeFileSync(file, readFileSync(fixture('mt940-multi.sta'), 'utf8').replace('C3100,00NTRF', 'C12,34.5NTRF'));
    const io = fakeIo();
    expect(await statementsCommand(['parse', file], io)).toBe(1);
    expect(io.err[0]).toMatch(
      /^error \[PAYOUT_E_STATEMENT_MALFORMED\]: MT940 malformed at line 10: .*"12,34\.5".* — the file cannot be used/,
    );
  });

  it('refuses bad arguments with exit 2', async () => {
    for (const argv of [
      [],
      ['frobnicate', 'x'],
      ['parse'],
      ['parse', 'a', '--format', 'pdf'],
      ['parse', 'a', '--bogus'],
      ['parse', fixture('csv-bank.csv'), '--format', 'csv'],
    ]) {
      const io = fakeIo();
      expect(await statementsCommand(argv, io), argv.join(' ')).toBe(2);
      expect(io.err.join('\n')).toMatch(/error \[PAYOUT_E_VALIDATION\]|usage:/);
    }
    const io = fakeIo();
    expect(await statementsCommand(['parse', join(dir, 'missing.xml')], io)).toBe(1);
    expect(io.err[0]).toContain('PAYOUT_E_NOT_FOUND');
  });
});

describe('payout statements parse: encodings', () => {
  it('reads the CN portal CSV in GB18030 with Chinese column names through the cn-csv preset', async () => {
    const io = fakeIo();
    expect(await statementsCommand(['parse', enc('enc-cn-gb18030.csv'), '--format', 'cn-csv'], io)).toBe(0);
    const out = io.out.join('\n');
    for (const part of ['statement 6222020200001234567/2026-11-20/12 · csv', '张三', '李四', '王䶮', 'RETURN AC04', 'continuity: ok'])
      expect(out).toContain(part);
    expect(io.err).toEqual([]);
  });

  it('names the byte offset and the line of a bad byte beyond 64 KiB, and exits 1', async () => {
    const io = fakeIo();
    expect(await statementsCommand(['parse', enc('enc-cn-gb18030-bad-byte.csv'), '--format=cn-csv'], io)).toBe(1);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(
      /^error \[PAYOUT_E_STATEMENT_ENCODING\]: statement text is not valid gb18030 at byte 94946: .*\(line 1007 of .*enc-cn-gb18030-bad-byte\.csv\) — name the file's encoding with --encoding/,
    );
    expect(io.err[0]).not.toContain('6222000077778888');
  });

  it('takes --encoding (any common label) for a Windows-1250 MT940, and refuses one it cannot decode with exit 2', async () => {
    for (const label of ['windows-1250', 'CP1250']) {
      const io = fakeIo();
      expect(await statementsCommand(['parse', enc('enc-pl-windows-1250.sta'), '--encoding', label], io)).toBe(0);
      expect(io.out.join('\n')).toContain('Łódź Budowa Sp. z o.o.');
    }
    const utf8 = fakeIo();
    expect(await statementsCommand(['parse', enc('enc-pl-windows-1250.sta')], utf8)).toBe(1);
    expect(utf8.err[0]).toMatch(/PAYOUT_E_STATEMENT_ENCODING.*utf-8 chosen by default.*\(line 8 of /);
    const bad = fakeIo();
    expect(await statementsCommand(['parse', enc('enc-pl-windows-1250.sta'), '--encoding', 'ebcdic'], bad)).toBe(2);
    expect(bad.err[0]).toContain('--encoding must be one of utf-8, utf-16le');
  });

  it('reads a CP852 CSV through its mapping, and UTF-16 by its BOM; counts lines of UTF-16 in characters', async () => {
    const io = fakeIo();
    expect(await statementsCommand(['parse', enc('enc-cz-cp852.csv'), '--csv-mapping', enc('enc-cz-cp852.mapping.json')], io)).toBe(0);
    expect(io.out.join('\n')).toContain('Jiří Dvořák');
    const bom = fakeIo();
    expect(
      await statementsCommand(
        ['parse', enc('enc-pl-utf16le-bom.csv'), '--format', 'csv', '--csv-mapping', enc('enc-pl-utf16le-bom.mapping.json')],
        bom,
      ),
    ).toBe(0);
    expect(bom.out.join('\n')).toContain('Grzegorz Brzęczyszczykiewicz');
    // A lone surrogate on line 3 of a UTF-16 LE file; Ċ (U+010A) is byte 0x0A but no line feed.
    const file = join(dir, 'utf16-bad.csv');
    const body = new Uint8Array(Buffer.from('Data\tKwota\nĊ\t1\n2026-03-02\tX', 'utf16le'));
    const surrogate = new Uint8Array([0x00, 0xd8, 0x41, 0x00]);
    writeFileSync(file, new Uint8Array([0xff, 0xfe, ...body, ...surrogate]));
    const err = fakeIo();
    expect(await statementsCommand(['parse', file, '--csv-mapping', enc('enc-pl-utf16le-bom.mapping.json')], err)).toBe(1);
    expect(err.err[0]).toContain(`not valid utf-16le at byte ${2 + body.length}`);
    expect(err.err[0]).toContain('(line 3 of');
  });
});

describe('payout statements parse: warnings and account amounts', () => {
  /** The events of a real file, with warnings and an account-currency amount added to them. */
  async function eventsWithWarnings(): Promise<StatementEvent[]> {
    const events: StatementEvent[] = [];
    for await (const e of streamStatements([readFileSync(fixture('mt940-multi.sta'))], { format: 'mt940' })) {
      if (events.some((x) => x.kind === 'end') && e.kind !== 'complete') continue; // the first statement is enough
      if (e.kind === 'line' && e.line.index === 0) {
        events.push({
          ...e,
          line: {
            ...e.line,
            warnings: [{ code: 'value_date_normalised', place: 'line 6', message: 'value date 0230 read as 2024-03-01' }],
            accountAmount: { currency: 'EUR', amountMinor: 125_000n },
          },
        });
      } else if (e.kind === 'line' && e.line.index === 1) {
        events.push({
          ...e,
          line: {
            ...e.line,
            warnings: [{ code: 'value_date_normalised', place: 'line 9', message: 'value date read as the booking date' }],
          },
        });
      } else if (e.kind === 'end') {
        events.push({
          ...e,
          header: {
            ...e.header,
            warnings: [{ code: 'bank_envelope', place: 'line 1', message: 'FIN blocks {1:}{2:}{4:} around the statement' }],
          },
        });
      } else events.push(e);
    }
    return events;
  }

  it('human output: each line’s warnings under it, and per statement a count with codes and places', async () => {
    const io = fakeIo();
    const printer = textPrinter(io);
    for (const e of await eventsWithWarnings()) printer.event(e);
    const out = io.out.join('\n');
    expect(out).toContain('         warning value_date_normalised at line 6: value date 0230 read as 2024-03-01');
    expect(out).toContain('account 1250.00 EUR');
    expect(out).toContain('  warnings: 3 (statement 1, lines 2: value_date_normalised ×2)');
    expect(out).toContain('    bank_envelope at line 1: FIN blocks');
    expect(out).toMatch(/\d statement\(s\), \d+ line\(s\), format mt940, 3 warning\(s\)$/);
  });

  it('--json: warnings and accountAmount on the lines, statement warnings and counts in the summary', async () => {
    const io = fakeIo();
    const printer = jsonPrinter(io);
    for (const e of await eventsWithWarnings()) printer.event(e);
    const doc = JSON.parse(io.out.join('')) as {
      statements: {
        lines: { warnings?: { code: string; place: string }[]; accountAmount?: { currency: string; amountMinor: string } }[];
        summary: { header: { warnings?: { code: string }[] }; warningCount: number };
      }[];
      complete: { warningCount: number };
    };
    const s = doc.statements[0];
    expect(s?.lines[0]).toMatchObject({
      warnings: [{ code: 'value_date_normalised', place: 'line 6' }],
      accountAmount: { currency: 'EUR', amountMinor: '125000' },
    });
    expect(s?.lines[2]?.warnings).toBeUndefined();
    expect(s?.summary).toMatchObject({ header: { warnings: [{ code: 'bank_envelope' }] }, warningCount: 3 });
    expect(doc.complete.warningCount).toBe(3);
  });
});
