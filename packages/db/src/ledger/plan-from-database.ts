import type { LocalDate } from '@payout/calendar';
import {
  fundingAlerts,
  planPrefunding,
  type AlertOptions,
  type FundingAlert,
  type PlanSettings,
  type PrefundingPlan,
} from '@payout/ledger';
import type { Db } from '../database.ts';
import { recordLiquidityPlan } from './liquidity-plan.repository.ts';
import { pgLiquidityInputsSource, type PgLiquidityInputsOptions } from './pg-liquidity-inputs.source.ts';

export interface DatabasePlanRequest {
  readonly now: Date;
  readonly asOf?: LocalDate | undefined;
  readonly settings?: Partial<PlanSettings> | undefined;
  /** Who asked (`cli:<user>`, `api:<actor>`), recorded with the plan. */
  readonly recordedBy: string;
  readonly alerts?: AlertOptions | undefined;
  readonly source?: PgLiquidityInputsOptions | undefined;
}

export interface DatabasePlanResult {
  readonly plan: PrefundingPlan;
  readonly alerts: readonly FundingAlert[];
  /** The liquidity_plans row holding the plan and its inputs. */
  readonly recordId: string;
  readonly recordedAt: string;
  readonly source: string;
}

/**
 * The pre-funding plan from the database, recorded: reads the inputs in one snapshot, plans
 * (pure), evaluates the alerts at `now`, and records plan and inputs in liquidity_plans so
 * the numbers treasury acted on can be audited later. What the CLI and the API call.
 *
 * @example const { plan, alerts, recordId } = await planLiquidityFromDatabase(db, { now: clock(), recordedBy: 'cli:alice' });
 */
export async function planLiquidityFromDatabase(db: Db, request: DatabasePlanRequest): Promise<DatabasePlanResult> {
  const source = pgLiquidityInputsSource(db, request.source);
  const inputs = await source.load({ now: request.now, asOf: request.asOf });
  const plan = planPrefunding({ now: request.now, asOf: request.asOf, inputs, settings: request.settings });
  const alerts = fundingAlerts(plan, request.now, request.alerts);
  const record = await recordLiquidityPlan(db, { plan, source: source.description, recordedBy: request.recordedBy });
  return { plan, alerts, recordId: record.id, recordedAt: record.recordedAt, source: source.description };
}
