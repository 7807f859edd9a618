import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.ts';
import { statementsCommand } from './statements.command.ts';

const FIXTURES = fileURLToPath(new URL('../../../../packages/statements/src/fixtures/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
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
      statements: { header: { statementId: string }; lines: { amountMinor: string; endToEndId?: string; raw: string }[]; summary: { continuity: { kind: string } } }[];
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
    expect(await statementsCommand(['parse', fixture('csv-bank.csv'), '--format=csv', `--csv-mapping=${fixture('csv-bank.mapping.json')}`], io)).toBe(0);
    expect(io.out.join('\n')).toContain('RETURN AC04');
  });

  it('shows the difference and exits 1 when the balance does not add up', async () => {
    const file = join(dir, 'mismatch.xml');
    writeFileSync(file, readFileSync(fixture('camt053-v02.xml'), 'utf8').replace('<Amt Ccy="EUR">15622.06</Amt>', '<Amt Ccy="EUR">15622.16</Amt>'));
    const io = fakeIo();
    expect(await statementsCommand(['parse', file], io)).toBe(1);
    expect(io.out.join('\n')).toContain('continuity: BROKEN — opening + credits − debits = 15622.06 EUR, closing is 15622.16 EUR, difference 0.10 EUR');
    expect(io.err[0]).toMatch(/^error \[PAYOUT_E_STATEMENT_BALANCE_MISMATCH\]: 1 statement\(s\) do not add up — /);
  });

  it('names the place of a malformed file and exits 1', async () => {
    const file = join(dir, 'bad.sta');
    writeFileSync(file, readFileSync(fixture('mt940-multi.sta'), 'utf8').replace('C3100,00NTRF', 'C12,34.5NTRF'));
    const io = fakeIo();
    expect(await statementsCommand(['parse', file], io)).toBe(1);
    expect(io.err[0]).toMatch(/^error \[PAYOUT_E_STATEMENT_MALFORMED\]: MT940 malformed at line 10: .*"12,34\.5".* — the file cannot be used/);
  });

  it('refuses bad arguments with exit 2', async () => {
    for (const argv of [[], ['frobnicate', 'x'], ['parse'], ['parse', 'a', '--format', 'pdf'], ['parse', 'a', '--bogus'], ['parse', fixture('csv-bank.csv'), '--format', 'csv']]) {
      const io = fakeIo();
      expect(await statementsCommand(argv, io), argv.join(' ')).toBe(2);
      expect(io.err.join('\n')).toMatch(/error \[PAYOUT_E_VALIDATION\]|usage:/);
    }
    const io = fakeIo();
    expect(await statementsCommand(['parse', join(dir, 'missing.xml')], io)).toBe(1);
    expect(io.err[0]).toContain('PAYOUT_E_NOT_FOUND');
  });
});
