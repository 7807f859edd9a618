// What one measured phase of a benchmark reports, and how it is printed.
import type { CpuTotals } from './cpu-usage.ts';

/** Something a phase runs right before its clock starts and right after it stops (profiling). */
export interface PhaseProbe {
  start(): Promise<void>;
  /** A printable summary of what happened between start and now. */
  report(): Promise<string>;
}

/** Several probes as one (started in order, reported in order). */
export function allProbes(probes: readonly PhaseProbe[]): PhaseProbe | undefined {
  if (probes.length === 0) return undefined;
  return {
    async start() {
      for (const p of probes) await p.start();
    },
    async report() {
      const lines: string[] = [];
      for (const p of [...probes].reverse()) lines.unshift(await p.report());
      return lines.join('\n');
    },
  };
}

export interface PhaseResult {
  readonly label: string;
  readonly payouts: number;
  /** Wall seconds from the first job taken to the last payout succeeded. */
  readonly seconds: number;
  readonly perSecond: number;
  readonly cpu: CpuTotals;
  /** What the phase checked after the clock stopped (invariants, ground truth). */
  readonly checked: string;
  /** A probe's report (profiling runs), printed after the figures. */
  readonly probed?: string | undefined;
}

export function phaseResult(
  label: string,
  payouts: number,
  seconds: number,
  cpu: CpuTotals,
  checked: string,
  probed?: string,
): PhaseResult {
  return { label, payouts, seconds, perSecond: payouts / seconds, cpu, checked, probed };
}

export function describePhase(r: PhaseResult): string {
  const c = r.cpu;
  const perK = (s: number): string => ((s / r.payouts) * 1000).toFixed(2);
  return [
    `${r.label}: ${r.payouts} payouts in ${r.seconds.toFixed(2)} s = ${r.perSecond.toFixed(0)} payouts/s`,
    `  CPU s: node ${c.node.toFixed(2)} · postgres ${c.postgres.toFixed(2)} · redis ${c.redis.toFixed(2)}` +
      ` (per 1,000 payouts: node ${perK(c.node)}, postgres ${perK(c.postgres)}, redis ${perK(c.redis)})`,
    `  machine busy ${c.machineBusy.toFixed(2)} of ${c.machineCapacity.toFixed(2)} CPU s (${((100 * c.machineBusy) / Math.max(c.machineCapacity, 1e-9)).toFixed(0)} %; others ≈ ${Math.max(0, c.machineBusy - c.node - c.postgres - c.redis).toFixed(2)} s)`,
    `  checked: ${r.checked}`,
    ...(r.probed === undefined ? [] : [r.probed]),
  ].join('\n');
}
