import { PayoutError, formatAmountMinor, parseAmountMinor } from '@payout/domain';
import type { CliIo } from '../cli-io.ts';
import type { LiquidityDatabase } from './liquidity-database.ts';

export type { RecordFundingSent } from './liquidity-database.ts';

export const FUND_USAGE = [
  '  payout liquidity fund --account ID --amount 5000.00 --currency CNY --reference T-123 [--source ID] [--json]',
  '      record a funding transfer treasury sent into a funding account (DATABASE_URL): the amount',
  '      is in transit, not available, until the account\'s statement shows a credit with this',
  '      reference (end-to-end id or customer reference), amount and currency; --source defaults',
  '      to the account\'s configured funding source. Recording the same transfer again is a no-op.',
].join('\n');

const FLAGS = new Set(['--account', '--amount', '--currency', '--reference', '--source']);

/**
 * `./dev payout liquidity fund …`: books `funding_sent` through `recordFundingSent`, audited as
 * `cli:$USER`. The amount is a major-unit decimal parsed exactly by the domain's money parser.
 */
export async function liquidityFund(args: readonly string[], io: CliIo, db: LiquidityDatabase | undefined, now: Date): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(FUND_USAGE);
    return 0;
  }
  let json = false;
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--json') json = true;
    else if (FLAGS.has(a)) {
      const v = args[++i];
      if (v === undefined) throw new PayoutError('PAYOUT_E_VALIDATION', `${a} needs a value`);
      values.set(a, v);
    } else throw new PayoutError('PAYOUT_E_VALIDATION', `unknown argument '${a.slice(0, 40)}'`);
  }
  const missing = ['--account', '--amount', '--currency', '--reference'].filter((f) => !values.has(f));
  if (missing.length > 0) throw new PayoutError('PAYOUT_E_VALIDATION', `liquidity fund needs ${missing.join(', ')}`);
  const currency = values.get('--currency')!;
  const amountMinor = parseAmountMinor(values.get('--amount'), currency);
  if (amountMinor <= 0n) throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', 'a funding transfer amount must be positive');
  if (db === undefined) {
    io.stderr('error [PAYOUT_E_CONFIG_INVALID]: DATABASE_URL is not set — funding transfers are booked in the ledger; export DATABASE_URL=postgres://…');
    return 2;
  }
  const source = values.get('--source');
  const r = await db.funding.recordSent({
    reference: values.get('--reference')!,
    fundingAccountId: values.get('--account')!,
    amount: { amountMinor, currency },
    ...(source === undefined ? {} : { sourceAccountId: source }),
    at: now,
  });
  const t = r.transfer;
  if (json) {
    io.stdout(JSON.stringify({ outcome: r.kind, transferId: t.transferId, fundingAccountId: t.fundingAccountId, sourceAccountId: t.sourceAccountId, amountMinor: t.amount.amountMinor.toString(), currency: t.amount.currency, state: t.state, recordedAt: t.recordedAt, seenOn: t.seenOn ?? null }));
    return 0;
  }
  const amount = `${formatAmountMinor(t.amount.amountMinor, t.amount.currency)} ${t.amount.currency}`;
  const state = t.state === 'seen' ? `seen on the statement of ${t.seenOn ?? '?'}` : 'in transit until the statement shows it';
  io.stdout(`${r.kind === 'recorded' ? 'recorded' : 'already recorded'}: funding ${t.transferId} ${amount} ${t.sourceAccountId} → ${t.fundingAccountId} (${state})`);
  return 0;
}
