import { PayoutError, formatAmountMinor, parseAmountMinor } from '@payout/domain';
import { defineCommand, helpText, parseCommand } from '../args.ts';
import type { CliIo } from '../cli-io.ts';
import type { LiquidityDatabase } from './liquidity-database.ts';

export type { RecordFundingSent } from './liquidity-database.ts';

export const FUND_USAGE = [
  '  payout liquidity fund --account ID --amount 5000.00 --currency CNY --reference T-123 [--source ID] [--json]',
  '      record a funding transfer treasury sent into a funding account (DATABASE_URL): the amount',
  "      is in transit, not available, until the account's statement shows a credit with this",
  '      reference (end-to-end id or customer reference), amount and currency; --source defaults',
  "      to the account's configured funding source. Recording the same transfer again is a no-op.",
].join('\n');

export const FUND_SPEC = defineCommand({
  usage: `usage:\n${FUND_USAGE}`,
  options: {
    account: { type: 'string', value: 'ID', description: 'the funding account the money goes to (required)' },
    amount: { type: 'string', value: '5000.00', description: "major units, at most the currency's decimals (required)" },
    currency: { type: 'string', value: 'CUR', description: 'ISO 4217 currency (required)' },
    reference: { type: 'string', value: 'REF', description: "the transfer's reference as the statement will show it (required)" },
    source: { type: 'string', value: 'ID', description: "where the money comes from (default: the account's funding source)" },
    json: { type: 'boolean', description: 'print the recorded transfer as JSON' },
  },
});

/**
 * `./dev payout liquidity fund …`: books `funding_sent` through `recordFundingSent`, audited as
 * `cli:$USER`. The amount is a major-unit decimal parsed exactly by the domain's money parser.
 */
export async function liquidityFund(args: readonly string[], io: CliIo, db: LiquidityDatabase | undefined, now: Date): Promise<number> {
  const parsed = parseCommand(FUND_SPEC, args);
  if (parsed.help) {
    io.stdout(helpText(FUND_SPEC));
    return 0;
  }
  const o = parsed.values;
  const json = o.json === true;
  const { account, amount: amountText, currency, reference } = o;
  if (account === undefined || amountText === undefined || currency === undefined || reference === undefined) {
    const missing = (['account', 'amount', 'currency', 'reference'] as const).filter((f) => o[f] === undefined).map((f) => `--${f}`);
    throw new PayoutError('PAYOUT_E_VALIDATION', `liquidity fund needs ${missing.join(', ')}`);
  }
  const amountMinor = parseAmountMinor(amountText, currency);
  if (amountMinor <= 0n) throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', 'a funding transfer amount must be positive');
  if (db === undefined) {
    io.stderr(
      'error [PAYOUT_E_CONFIG_INVALID]: DATABASE_URL is not set — funding transfers are booked in the ledger; export DATABASE_URL=postgres://…',
    );
    return 2;
  }
  const source = o.source;
  const r = await db.funding.recordSent({
    reference,
    fundingAccountId: account,
    amount: { amountMinor, currency },
    ...(source === undefined ? {} : { sourceAccountId: source }),
    at: now,
  });
  const t = r.transfer;
  if (json) {
    io.stdout(
      JSON.stringify({
        outcome: r.kind,
        transferId: t.transferId,
        fundingAccountId: t.fundingAccountId,
        sourceAccountId: t.sourceAccountId,
        amountMinor: t.amount.amountMinor.toString(),
        currency: t.amount.currency,
        state: t.state,
        recordedAt: t.recordedAt,
        seenOn: t.seenOn ?? null,
      }),
    );
    return 0;
  }
  const amount = `${formatAmountMinor(t.amount.amountMinor, t.amount.currency)} ${t.amount.currency}`;
  const state = t.state === 'seen' ? `seen on the statement of ${t.seenOn ?? '?'}` : 'in transit until the statement shows it';
  io.stdout(
    `${r.kind === 'recorded' ? 'recorded' : 'already recorded'}: funding ${t.transferId} ${amount} ${t.sourceAccountId} → ${t.fundingAccountId} (${state})`,
  );
  return 0;
}
