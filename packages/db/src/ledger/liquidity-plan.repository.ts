import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PayoutError } from '@payout/domain';
import { parseIsoInstant, parseLocalDate } from '@payout/calendar';
import { parseLiquidityInputs, planPrefunding, toJsonSafe, type PlanSettings, type PrefundingPlan } from '@payout/ledger';
import type { Db } from '../database.ts';
import { liquidityInputsToJson } from './liquidity-inputs.json.ts';

/** A plan as recorded: the plan (JSON-safe, amounts as strings) and the inputs it came from. */
export interface RecordedLiquidityPlan {
  readonly id: string;
  /** The plan's own id (`prefunding|<now>|<asOf>`): the same request gives the same key. */
  readonly planKey: string;
  readonly plannedAt: string;
  readonly asOf: string | undefined;
  readonly source: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly settings: PlanSettings;
  /** `{ now, asOf, data }` with `data` in the `--inputs` file format (liquidityInputsToJson). */
  readonly inputs: { readonly now: string; readonly asOf: string | undefined; readonly data: Record<string, unknown> };
  /** toJsonSafe(plan) without its inputs (they are in `inputs`). */
  readonly plan: Record<string, unknown>;
  readonly accountCount: number;
  readonly transferCount: number;
}

interface PlanRow {
  readonly id: string;
  readonly plan_key: string;
  readonly planned_at: string;
  readonly as_of: string | null;
  readonly source: string;
  readonly recorded_by: string;
  readonly recorded_at: string;
  readonly settings: unknown;
  readonly inputs: unknown;
  readonly plan: unknown;
  readonly account_count: number;
  readonly transfer_count: number;
}

const COLUMNS = sql`id::text as id, plan_key, to_char(planned_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as planned_at, as_of::text as as_of,
  source, recorded_by, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as recorded_at, settings, inputs, plan, account_count, transfer_count`;

/**
 * Records a plan with everything it was computed from (append-only table liquidity_plans):
 * replaying the recorded inputs with the recorded settings gives the same plan
 * (`replayRecordedPlan`). Returns the record's id.
 *
 * @example const { id } = await recordLiquidityPlan(db, { plan, source: 'postgres', recordedBy: 'cli:alice' });
 */
export async function recordLiquidityPlan(
  db: Db,
  r: { readonly plan: PrefundingPlan; readonly source: string; readonly recordedBy: string },
): Promise<{ readonly id: string; readonly recordedAt: string }> {
  const { plan } = r;
  const id = randomUUID();
  const inputs = {
    now: plan.inputs.now,
    ...(plan.inputs.asOf === undefined ? {} : { asOf: plan.inputs.asOf }),
    data: liquidityInputsToJson(plan.inputs.data),
  };
  const body = toJsonSafe({ ...plan, inputs: undefined });
  const row = await db
    .insertInto('liquidity_plans')
    .values({
      id,
      plan_key: plan.id,
      planned_at: plan.inputs.now,
      as_of: plan.inputs.asOf ?? null,
      source: r.source,
      recorded_by: r.recordedBy,
      settings: JSON.stringify(plan.settings),
      inputs: JSON.stringify(inputs),
      plan: JSON.stringify(body),
      account_count: plan.accounts.length,
      transfer_count: plan.transfers.length,
    })
    .returning(sql<string>`to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('recorded_at'))
    .executeTakeFirst();
  return { id, recordedAt: row?.recorded_at ?? '' };
}

/** A recorded plan by its record id; undefined when there is none (or the id is not a uuid). */
export async function getLiquidityPlan(db: Db, id: string): Promise<RecordedLiquidityPlan | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const r = await sql<PlanRow>`select ${COLUMNS} from liquidity_plans where id = ${id}::uuid`.execute(db);
  const row = r.rows[0];
  return row === undefined ? undefined : fromRow(row);
}

/** The latest recorded plans, newest first (without their inputs' bulk: use getLiquidityPlan for one). */
export async function listLiquidityPlans(db: Db, q: { readonly limit: number }): Promise<RecordedLiquidityPlan[]> {
  const limit = Math.max(1, Math.min(Math.trunc(q.limit), 500));
  const r = await sql<PlanRow>`select ${COLUMNS} from liquidity_plans order by recorded_at desc, id desc limit ${limit}`.execute(db);
  return r.rows.map(fromRow);
}

/**
 * Computes the plan again from a record's inputs and settings (pure). An audit compares
 * `toJsonSafe(replayRecordedPlan(r))` minus inputs with `r.plan`: equal unless the code that
 * plans changed since.
 */
export function replayRecordedPlan(r: RecordedLiquidityPlan): PrefundingPlan {
  return planPrefunding({
    now: parseIsoInstant(r.inputs.now),
    asOf: r.inputs.asOf === undefined ? undefined : parseLocalDate(r.inputs.asOf),
    inputs: parseLiquidityInputs(r.inputs.data),
    settings: r.settings,
  });
}

function fromRow(row: PlanRow): RecordedLiquidityPlan {
  const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
  const inputs = json(row.inputs) as { now?: unknown; asOf?: unknown; data?: unknown };
  if (typeof inputs.now !== 'string' || typeof inputs.data !== 'object' || inputs.data === null) {
    throw new PayoutError('PAYOUT_E_INTERNAL', `recorded plan ${row.id} has malformed inputs`, { planId: row.id });
  }
  return {
    id: row.id,
    planKey: row.plan_key,
    plannedAt: row.planned_at,
    asOf: row.as_of ?? undefined,
    source: row.source,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
    settings: json(row.settings) as PlanSettings,
    inputs: {
      now: inputs.now,
      asOf: typeof inputs.asOf === 'string' ? inputs.asOf : undefined,
      data: inputs.data as Record<string, unknown>,
    },
    plan: json(row.plan) as Record<string, unknown>,
    accountCount: row.account_count,
    transferCount: row.transfer_count,
  };
}
