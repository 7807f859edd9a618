import { formatAmountMinor } from '@payout/domain';
import { instantToZoned } from '@payout/calendar';
import type { FundingAlert } from './funding-alerts.ts';
import { describeGap } from '../forecast/calendar-gap.ts';
import type { AccountPlan, PrefundingPlan } from './prefunding.plan.ts';

/** "2026-09-30 16:00 Asia/Shanghai (08:00Z)" */
export function formatLocalInstant(iso: string, timeZone: string): string {
  const z = instantToZoned(new Date(iso), timeZone);
  return `${z.date} ${z.time.slice(0, 5)} ${timeZone} (${iso.slice(11, 16)}Z)`;
}

/** The plan as lines a treasurer reads (the CLI prints these; `--json` prints toJsonSafe(plan)). */
export function formatPrefundingPlan(plan: PrefundingPlan, alerts: readonly FundingAlert[] = []): string[] {
  const lines: string[] = [`pre-funding plan ${plan.createdAt} — quantile ${plan.settings.quantileBps / 100}% (${plan.settings.method})`];
  for (const g of plan.calendarGaps ?? []) lines.push(`PARTIAL PLAN: ${g.message}`);
  for (const a of plan.accounts) {
    const m = (x: bigint): string => `${formatAmountMinor(x, a.currency)} ${a.currency}`;
    const c = a.components;
    const uncovered = a.uncovered ?? [];
    const unknown = new Set(uncovered.map((u) => u.date));
    const partial = a.calendarGaps !== undefined;
    lines.push(
      '',
      `${a.fundingAccountId} (${a.rail}, calendar ${a.calendar})${partial ? ` — PARTIAL: ${(a.calendarGaps ?? []).map(describeGap).join('; ')}` : ''}`,
      `  run          ${a.run.start} … ${a.run.end} (${a.run.days.length} day${a.run.days.length === 1 ? '' : 's'}${unknown.size > 0 ? `, ${unknown.size} of them UNKNOWN` : ''}); back to business ${a.run.nextBusinessDay ?? 'UNKNOWN (no calendar data)'}`,
      `  covers       ${a.horizon.map((d) => (unknown.has(d) ? `${d}?` : d)).join(', ')}`,
      deadlineLine(a),
      `  confirmed    ${m(a.confirmedMinor)} (available ${m(a.position.availableMinor)})`,
      `  required     ${m(a.requiredMinor)}${unknown.size > 0 ? ' AT LEAST' : ''} = reserved ${m(c.reservedMinor)} + unknown ${m(c.unknownExposureMinor)} + settled awaiting statement ${m(c.settledAwaitingStatementMinor)}`,
      `               + scheduled ${m(c.scheduledMinor)} + forecast ${m(c.forecastMinor)} + buffer ${m(c.bufferMinor)} − confirmed inflows ${m(c.confirmedInflowsMinor)}`,
      `  forecast     ${a.forecast.length === 0 && unknown.size > 0 ? '(no day with calendar data)' : a.forecast.map((f) => `${f.date} ${f.kind} ${formatAmountMinor(f.amountMinor, a.currency)} (n=${f.sampleSize})`).join('; ')}`,
      ...(uncovered.length === 0
        ? []
        : [
            `  UNKNOWN      ${uncovered.map((u) => u.date).join(', ')} — no calendar data (PAYOUT_E_CALENDAR_NO_DATA): counted as closed, not forecast`,
          ]),
      transferLine(a, m, unknown.size > 0),
      ...a.warnings.map((w) => `  warning      ${w}`),
    );
  }
  if (alerts.length > 0) {
    lines.push('', 'alerts:');
    for (const al of alerts) lines.push(`  [${al.severity}] ${al.message}`);
  }
  return lines;
}

function deadlineLine(a: AccountPlan): string {
  const d = a.deadline;
  if (d === null) return '  deadline     UNKNOWN — no business day with calendar data before the run; no funding day can be named';
  const base = `  deadline     ${formatLocalInstant(d.at, a.timeZone)} — ${d.binding} cut-off on ${d.date}${d.passed ? ' — PASSED' : ''}`;
  return d.basis === 'last_covered_business_day'
    ? `${base} — the last business day with calendar data (later only if ${a.run.start} turns out to be a business day)`
    : base;
}

function transferLine(a: AccountPlan, m: (x: bigint) => string, partial: boolean): string {
  const days = partial ? ' for the days with calendar data' : '';
  if (a.transfer !== undefined) {
    return `  TRANSFER     ${m(a.transfer.amountMinor)} from ${a.transfer.fromAccountId} to ${a.transfer.toAccountId} before ${formatLocalInstant(a.transfer.deadline, a.timeZone)}${partial ? ` (covers only the days with calendar data)` : ''}`;
  }
  if (a.shortfallMinor > 0n) return `  transfer     none planned: shortfall ${m(a.shortfallMinor)}${days} but no funding deadline is known`;
  return `  transfer     none needed${days} (shortfall 0)`;
}
