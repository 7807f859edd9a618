import { formatAmountMinor } from '@payout/domain';
import { instantToZoned } from '@payout/calendar';
import type { FundingAlert } from './funding-alerts.ts';
import type { PrefundingPlan } from './prefunding.plan.ts';

/** "2026-09-30 16:00 Asia/Shanghai (08:00Z)" */
export function formatLocalInstant(iso: string, timeZone: string): string {
  const z = instantToZoned(new Date(iso), timeZone);
  return `${z.date} ${z.time.slice(0, 5)} ${timeZone} (${iso.slice(11, 16)}Z)`;
}

/** The plan as lines a treasurer reads (the CLI prints these; `--json` prints toJsonSafe(plan)). */
export function formatPrefundingPlan(plan: PrefundingPlan, alerts: readonly FundingAlert[] = []): string[] {
  const lines: string[] = [`pre-funding plan ${plan.createdAt} — quantile ${plan.settings.quantileBps / 100}% (${plan.settings.method})`];
  for (const a of plan.accounts) {
    const m = (x: bigint): string => `${formatAmountMinor(x, a.currency)} ${a.currency}`;
    const c = a.components;
    lines.push(
      '',
      `${a.fundingAccountId} (${a.rail}, calendar ${a.calendar})`,
      `  run          ${a.run.start} … ${a.run.end} (${a.run.days.length} day${a.run.days.length === 1 ? '' : 's'}); back to business ${a.run.nextBusinessDay}`,
      `  covers       ${a.horizon.join(', ')}`,
      `  deadline     ${formatLocalInstant(a.deadline.at, a.timeZone)} — ${a.deadline.binding} cut-off on ${a.deadline.date}${a.deadline.passed ? ' — PASSED' : ''}`,
      `  confirmed    ${m(a.confirmedMinor)} (available ${m(a.position.availableMinor)})`,
      `  required     ${m(a.requiredMinor)} = reserved ${m(c.reservedMinor)} + unknown ${m(c.unknownExposureMinor)} + settled awaiting statement ${m(c.settledAwaitingStatementMinor)}`,
      `               + scheduled ${m(c.scheduledMinor)} + forecast ${m(c.forecastMinor)} + buffer ${m(c.bufferMinor)} − confirmed inflows ${m(c.confirmedInflowsMinor)}`,
      `  forecast     ${a.forecast.map((f) => `${f.date} ${f.kind} ${formatAmountMinor(f.amountMinor, a.currency)} (n=${f.sampleSize})`).join('; ')}`,
      a.transfer === undefined
        ? `  transfer     none needed (shortfall 0)`
        : `  TRANSFER     ${m(a.transfer.amountMinor)} from ${a.transfer.fromAccountId} to ${a.transfer.toAccountId} before ${formatLocalInstant(a.transfer.deadline, a.timeZone)}`,
      ...a.warnings.map((w) => `  warning      ${w}`),
    );
  }
  if (alerts.length > 0) {
    lines.push('', 'alerts:');
    for (const al of alerts) lines.push(`  [${al.severity}] ${al.message}`);
  }
  return lines;
}
