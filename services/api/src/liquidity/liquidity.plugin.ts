import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Db } from '@payout/db';
import { PayoutError } from '@payout/domain';
import { parseQuantile, resolveFundingAccount, toJsonSafe, type FundingAccountConfig } from '@payout/ledger';
import {
  getLiquidityPlan,
  listFundingAccounts,
  listLiquidityPlans,
  loadDrift,
  loadPositions,
  planLiquidityFromDatabase,
  recordFundingSent,
  type RecordedLiquidityPlan,
} from '@payout/db/ledger';
import { principalOf, type ApiApp } from '../app/api-app.ts';
import { problemResponse } from '../app/problem.ts';
import {
  fundingTransferBodySchema,
  fundingTransferSchema,
  planResponseSchema,
  positionSchema,
  recordedPlanSchema,
} from './liquidity.schemas.ts';

export interface LiquidityPluginOptions {
  /** The API's database (the payouts database holds the ledger tables). */
  readonly db: Db;
  /** The service clock (default: the system clock). */
  readonly clock?: (() => Date) | undefined;
}

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const UNAUTHORIZED = problemResponse('No valid API key');
const FORBIDDEN = problemResponse('The key lacks the ops scope');

/**
 * Treasury over HTTP (scope `ops`):
 * - `GET /v1/liquidity/plan[?date=YYYY-MM-DD&quantile=0.95&now=ISO]`: the pre-funding plan
 *   from the ledger, the payouts table and the configured funding accounts. Every plan served
 *   is recorded with its inputs (liquidity_plans), so the numbers acted on can be audited. A
 *   year a calendar has no data for never fails it: the plan comes back partial (200, days
 *   marked unknown, `calendarGaps`, a `calendar_gap` alert naming the year to import).
 * - `GET /v1/liquidity/plans[?limit=20]` and `GET /v1/liquidity/plans/{id}`: recorded plans
 *   (a single plan with the inputs it was computed from).
 * - `GET /v1/liquidity/positions[?fundingAccount=ID]`: positions per funding account and
 *   currency, straight from the ledger, with the drift against the latest statement.
 * - `POST /v1/liquidity/funding-transfers`: records a funding transfer treasury sent (in transit
 *   until the account's statement shows a credit with its reference, amount and currency);
 *   201 when recorded, 200 when the same transfer was recorded before; audited as the key's actor.
 *
 * Register with one line: `void app.register(liquidityPlugin, { db })`.
 */
export const liquidityPlugin: FastifyPluginAsync<LiquidityPluginOptions> = async (instance, opts) => {
  const app = instance as unknown as ApiApp;
  const clock = opts.clock ?? (() => new Date());

  app.get(
    '/v1/liquidity/plan',
    {
      config: { scopes: ['ops'] },
      schema: {
        operationId: 'getLiquidityPlan',
        tags: ['liquidity'],
        summary: 'The pre-funding plan for the coming non-business days (recorded with its inputs)',
        querystring: z.strictObject({
          date: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional()
            .meta({ description: "The day to plan for (default: each account's local today)" }),
          quantile: z.string().max(8).optional().meta({ description: 'Forecast quantile, e.g. 0.95 or p99 (default 0.95)' }),
          now: z.iso.datetime().optional().meta({ description: 'Plan as of this instant instead of now (what-if; recorded as such)' }),
        }),
        response: {
          200: planResponseSchema,
          400: problemResponse('Malformed date or quantile'),
          401: UNAUTHORIZED,
          403: FORBIDDEN,
          422: problemResponse('A position or payout is in another currency than its account, or a funding account is misconfigured'),
        },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const now = req.query.now === undefined ? clock() : new Date(req.query.now);
      const r = await planLiquidityFromDatabase(opts.db, {
        now,
        asOf: req.query.date,
        settings: req.query.quantile === undefined ? undefined : { quantileBps: parseQuantile(req.query.quantile) },
        recordedBy: `api:${principal.actor}`,
        source: { description: 'postgres' },
      });
      req.log.info(
        { planId: r.recordId, accounts: r.plan.accounts.length, transfers: r.plan.transfers.length, alerts: r.alerts.length },
        'liquidity plan recorded',
      );
      return {
        recordedPlanId: r.recordId,
        recordedAt: r.recordedAt,
        source: r.source,
        plan: toJsonSafe({ ...r.plan, inputs: undefined }) as z.input<typeof planResponseSchema>['plan'],
        alerts: toJsonSafe(r.alerts) as z.input<typeof planResponseSchema>['alerts'],
      };
    },
  );

  app.get(
    '/v1/liquidity/plans',
    {
      config: { scopes: ['ops'] },
      schema: {
        operationId: 'listLiquidityPlans',
        tags: ['liquidity'],
        summary: 'Recorded pre-funding plans, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
        response: { 200: z.object({ plans: z.array(recordedPlanSchema) }), 401: UNAUTHORIZED, 403: FORBIDDEN },
      },
    },
    async (req) => ({ plans: (await listLiquidityPlans(opts.db, { limit: req.query.limit })).map((p) => view(p, false)) }),
  );

  app.get(
    '/v1/liquidity/plans/:id',
    {
      config: { scopes: ['ops'] },
      schema: {
        operationId: 'getRecordedLiquidityPlan',
        tags: ['liquidity'],
        summary: 'A recorded plan with the inputs it was computed from',
        params: z.object({ id: z.string().max(100) }),
        response: { 200: recordedPlanSchema, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: problemResponse('No such recorded plan') },
      },
    },
    async (req) => {
      const p = await getLiquidityPlan(opts.db, req.params.id);
      if (p === undefined) throw new PayoutError('PAYOUT_E_NOT_FOUND', 'no such recorded liquidity plan');
      return view(p, true);
    },
  );

  app.get(
    '/v1/liquidity/positions',
    {
      config: { scopes: ['ops'] },
      schema: {
        operationId: 'listLiquidityPositions',
        tags: ['liquidity'],
        summary: 'Positions per funding account and currency, from the ledger, with the drift against the latest statement',
        querystring: z.strictObject({ fundingAccount: z.string().regex(ACCOUNT_ID).optional() }),
        response: { 200: z.object({ positions: z.array(positionSchema) }), 401: UNAUTHORIZED, 403: FORBIDDEN },
      },
    },
    async (req) => {
      const only = req.query.fundingAccount;
      const configured = new Map((await listFundingAccounts(opts.db)).map((c) => [c.id, c]));
      const positions = await loadPositions(opts.db, only === undefined ? {} : { fundingAccountIds: [only] });
      const out = [];
      for (const p of positions) {
        const config = configured.get(p.fundingAccountId);
        const [latest] = await loadDrift(opts.db, {
          fundingAccountId: p.fundingAccountId,
          currency: p.currency,
          timeZone: zoneOf(config),
          limit: 1,
        });
        out.push({
          ...(toJsonSafe({ ...p, asOf: undefined }) as Record<string, string>),
          fundingAccountId: p.fundingAccountId,
          currency: p.currency,
          asOf: p.asOf ?? null,
          configured: config !== undefined && config.currency === p.currency,
          latestStatement:
            latest === undefined
              ? null
              : {
                  statementId: latest.statementId,
                  date: latest.date,
                  closingMinor: latest.statementClosingMinor.toString(),
                  ledgerConfirmedMinor: latest.ledgerConfirmedMinor.toString(),
                  driftMinor: latest.driftMinor.toString(),
                  status: latest.status,
                },
        });
      }
      return { positions: out as z.input<typeof positionSchema>[] };
    },
  );

  app.post(
    '/v1/liquidity/funding-transfers',
    {
      config: { scopes: ['ops'] },
      schema: {
        operationId: 'recordFundingTransfer',
        tags: ['liquidity'],
        summary: 'Record a funding transfer sent into a funding account (in transit until its statement shows it)',
        body: fundingTransferBodySchema,
        response: {
          200: fundingTransferSchema,
          201: fundingTransferSchema,
          400: problemResponse('Malformed reference, amount or currency'),
          401: UNAUTHORIZED,
          403: FORBIDDEN,
          404: problemResponse('No active funding account with this id'),
          409: problemResponse('The reference is already used by another transfer'),
          422: problemResponse("The amount or currency is invalid, or the currency is not the account's"),
        },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const b = req.body;
      const r = await recordFundingSent(opts.db, {
        reference: b.reference,
        fundingAccountId: b.fundingAccountId,
        amount: { amountMinor: BigInt(b.amountMinor), currency: b.currency },
        ...(b.sourceAccountId === undefined ? {} : { sourceAccountId: b.sourceAccountId }),
        at: clock(),
        actor: principal.actor,
        requestId: String(req.id),
      });
      const t = r.transfer;
      if (r.kind === 'recorded')
        req.log.info(
          { transferId: t.transferId, fundingAccountId: t.fundingAccountId, amountMinor: t.amount.amountMinor.toString() },
          'funding transfer recorded',
        );
      return reply.code(r.kind === 'recorded' ? 201 : 200).send({
        outcome: r.kind,
        transferId: t.transferId,
        fundingAccountId: t.fundingAccountId,
        sourceAccountId: t.sourceAccountId,
        amountMinor: t.amount.amountMinor.toString(),
        currency: t.amount.currency,
        state: t.state,
        recordedAt: t.recordedAt,
        seenOn: t.seenOn ?? null,
      });
    },
  );
};

/** The zone a configured account's statements are dated in (its calendar's); UTC when not configured. */
function zoneOf(config: FundingAccountConfig | undefined): string {
  if (config === undefined) return 'UTC';
  try {
    return resolveFundingAccount(config).timeZone;
  } catch {
    return 'UTC';
  }
}

function view(p: RecordedLiquidityPlan, withInputs: boolean): z.input<typeof recordedPlanSchema> {
  return {
    id: p.id,
    planKey: p.planKey,
    plannedAt: p.plannedAt,
    asOf: p.asOf ?? null,
    source: p.source,
    recordedBy: p.recordedBy,
    recordedAt: p.recordedAt,
    accountCount: p.accountCount,
    transferCount: p.transferCount,
    settings: p.settings as unknown as Record<string, unknown>,
    plan: p.plan,
    ...(withInputs ? { inputs: p.inputs } : {}),
  };
}
