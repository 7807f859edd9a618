import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PayoutError, formatAmountMinor } from '@payout/domain';
import { parseLiquidityInputs, toJsonSafe } from '@payout/ledger';
import type { CliIo } from '../cli-io.ts';
import type { LiquidityDatabase } from './liquidity-database.ts';

export const ACCOUNTS_USAGE = [
  '  payout liquidity accounts [--json]                 the funding accounts the plan covers (DATABASE_URL)',
  '  payout liquidity accounts --import FILE            add or change accounts from a JSON file: {"accounts": [...]}',
  '                                                     (the --inputs format; unchanged accounts get no new version)',
  '  payout liquidity accounts --deactivate ID          take an account out of the plan (its history stays)',
].join('\n');

/**
 * `./dev payout liquidity accounts …`: the funding-account configuration in the database.
 * Every change is a new version (liquidity_funding_accounts is append-only), by `cli:$USER`.
 */
export async function liquidityAccounts(args: readonly string[], io: CliIo, db: LiquidityDatabase | undefined): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(ACCOUNTS_USAGE);
    return 0;
  }
  let json = false;
  let importFile: string | undefined;
  let deactivate: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--json') json = true;
    else if (a === '--import' || a === '--deactivate') {
      const v = args[++i];
      if (v === undefined) throw new PayoutError('PAYOUT_E_VALIDATION', `${a} needs a value`);
      if (a === '--import') importFile = v;
      else deactivate = v;
    } else throw new PayoutError('PAYOUT_E_VALIDATION', `unknown argument '${a.slice(0, 40)}'`);
  }
  if (importFile !== undefined && deactivate !== undefined) throw new PayoutError('PAYOUT_E_VALIDATION', '--import and --deactivate are separate commands');
  if (db === undefined) {
    io.stderr('error [PAYOUT_E_CONFIG_INVALID]: DATABASE_URL is not set — funding accounts live in the database; export DATABASE_URL=postgres://… and run ./dev payout migrate once');
    return 2;
  }
  if (importFile !== undefined) {
    const full = resolve(importFile);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(full, 'utf8'));
    } catch (cause) {
      throw new PayoutError('PAYOUT_E_VALIDATION', `cannot read funding accounts from ${full}: ${cause instanceof Error ? cause.message : String(cause)}`, { path: full }, { cause });
    }
    const accounts = typeof parsed === 'object' && parsed !== null ? (parsed as { accounts?: unknown }).accounts : undefined;
    const configs = parseLiquidityInputs({ accounts }).accounts;
    const r = await db.accounts.save(configs);
    if (json) io.stdout(JSON.stringify(r));
    else io.stdout(`saved ${r.saved.length} (${r.saved.join(', ') || '—'}); unchanged ${r.unchanged.length} (${r.unchanged.join(', ') || '—'})`);
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
    io.stdout(`${a.id.padEnd(20)} ${a.currency}  rail ${a.rail}  cut-off ${a.internalCutoff}${a.timeZone === undefined ? '' : ` ${a.timeZone}`}  from ${a.fundingSource}${buffer}`);
  }
  return 0;
}
