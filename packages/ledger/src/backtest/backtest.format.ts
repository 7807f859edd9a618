import { formatAmountMinor } from '@payout/domain';
import { formatQuantile } from '../forecast/quantile.ts';
import type { BacktestReport } from './backtest.ts';

/** "3.34%" from basis points, without floats. */
export function formatBps(bps: number): string {
  return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}%`;
}

/** The report as the CLI prints it. */
export function formatBacktestReport(r: BacktestReport): string[] {
  const m = (x: bigint): string => `${formatAmountMinor(x, r.currency)} ${r.currency}`;
  const kinds = Object.entries(r.byKind)
    .map(([k, v]) => `${k} ${v.shortfallDays}/${v.days}`)
    .join(', ');
  return [
    `backtest ${r.calendar} ${r.from} … ${r.to} (${r.daysEvaluated} days${r.notEvaluated === undefined ? '' : ` evaluated of ${r.daysEvaluated + r.notEvaluated.days}`}), ${formatQuantile(r.quantileBps)} ${r.method}, seed ${r.seed}`,
    `  shortfall rate  ${formatBps(r.shortfallRateBps)} (${r.shortfallDays} of ${r.daysEvaluated} days; by kind: ${kinds})`,
    `  idle cash       ${m(r.averageIdleMinor)} per funding period on average (${formatBps(r.idleShareBps)} of funded; ${r.fundingPeriods} periods)`,
    `  funded          ${m(r.totalFundedMinor)} for actual outflow ${m(r.totalActualMinor)}; worst shortfall ${m(r.worstShortfallMinor)}`,
    ...(r.shortfallDates.length > 0 ? [`  shortfall days  ${r.shortfallDates.join(', ')}`] : []),
    ...(r.notEvaluated === undefined
      ? []
      : [`  NOT EVALUATED   ${r.notEvaluated.days} day(s): ${r.notEvaluated.message} (${r.notEvaluated.reason.code})`]),
  ];
}
