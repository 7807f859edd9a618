import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PayoutError, formatAmountMinor } from '@payout/domain';
import { parseLiquidityInputs, toJsonSafe } from '@payout/ledger';
import { defineCommand, helpText, parseCommand } from '../args.ts';
import type { CliIo } from '../cli-io.ts';
import type { LiquidityDatabase } from './liquidity-database.ts';

export const ACCOUNTS_USAGE = [
  '  payout liquidity accounts [--json]                 the funding accounts the plan covers (DATABASE_URL)',
  '  payout liquidity accounts --import FILE            add or change accounts from a JSON file: {"accounts": [...]}',
  '                                                     (the --inputs format; unchanged accounts get no new version)',
  '  payout liquidity accounts --deactivate ID          take an account out of the plan (its history stays)',
].join('\n');

export const ACCOUNTS_SPEC = defineCommand({
  usage: `usage:\n${ACCOUNTS_USAGE}`,
  options: {
    import: { type: 'string', value: 'FILE', description: 'add or change accounts from a JSON file: {"accounts": [...]}' },
    deactivate: { type: 'string', value: 'ID', description: 'take an account out of the plan (its history stays)' },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
});

/**
 * `./dev payout liquidity accounts …`: the funding-account configuration in the database.
 * Every change is a new version (liquidity_funding_accounts is append-only), by `cli:$USER`.
 */
export async function liquidityAccounts(args: readonly string[], io: CliIo, db: LiquidityDatabase | undefined): Promise<number> {
  const parsed = parseCommand(ACCOUNTS_SPEC, args);
  if (parsed.help) {
    io.stdout(helpText(ACCOUNTS_SPEC));
    return 0;
  }
  const { json = false, import: importFile, deactivate } = parsed.values;
  if (importFile !== undefined && deactivate !== undefined)
    throw new PayoutError('PAYOUT_E_VALIDATION', '--import and --deactivate are separate commands');
  if (db === undefined) {
    io.stderr(
      'error [PAYOUT_E_CONFIG_INVALID]: DATABASE_URL is not set — funding accounts live in the database; export DATABASE_URL=postgres://… and run ./dev payout migrate once',
    );
    return 2;
  }
  if (importFile !== undefined) {
    const full = resolve(importFile);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(full, 'utf8'));
    } catch (cause) {
      throw new PayoutError(
        'PAYOUT_E_VALIDATION',
        `cannot read funding accounts from ${full}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { path: full },
        { cause },
      );
    }
    const accounts = typeof parsed === 'object' && parsed !== null ? (parsed as { accounts?: unknown }).accounts : undefined;
    const configs = parseLiquidityInputs({ accounts }).accounts;
    const r = await db.accounts.save(configs);
    if (json) io.stdout(JSON.stringify(r));
    else
      io.stdout(
        `saved ${r.saved.length} (${r.saved.join(', ') || '—'}); unchanged ${r.unchanged.length} (${r.unchanged.join(', ') || '—'})`,
      );
    return 0;
  }
  if (deactivate !== undefined) {
    if (!(await db.accounts.deactivate(deactivate))) throw new PayoutError('PAYOUT_E_NOT_FOUND', `no active funding account ${deactivate}`);
    io.stdout(`deactivated ${deactivate}`);
    return 0;
  }
  const list = await db.accounts.list();
  if (json) {
    io.stdout(JSON.stringify(toJsonSafe({ accounts: list }), null, 2));
    return 0;
  }
  if (list.length === 0) io.stdout('no funding accounts configured — add them with ./dev payout liquidity accounts --import FILE');
  for (const a of list) {
    const buffer = a.bufferMinor === undefined ? '' : `  buffer ${formatAmountMinor(a.bufferMinor, a.currency)}`;
    io.stdout(
      `${a.id.padEnd(20)} ${a.currency}  rail ${a.rail}  cut-off ${a.internalCutoff}${a.timeZone === undefined ? '' : ` ${a.timeZone}`}  from ${a.fundingSource}${buffer}`,
    );
  }
  return 0;
}
