import type { BankMetrics, BreakerState } from '@payout/bank';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { VerifyMetrics } from '../verify/verify-metrics.port.ts';
import type { LifecycleMetrics } from './lifecycle-metrics.port.ts';

const BREAKER_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, half_open: 1, open: 2 };

export interface WorkerMetrics {
  readonly registry: Registry;
  readonly lifecycle: LifecycleMetrics;
  readonly bank: BankMetrics;
  readonly verify: VerifyMetrics;
  /** Register a gauge whose value is read on every scrape (queue depths, due rows). */
  gaugeFrom(
    name: string,
    help: string,
    labelNames: readonly string[],
    read: () => Promise<readonly { labels: Record<string, string>; value: number }[]>,
  ): void;
}

/**
 * The workers' Prometheus metrics: submits, polls, outcomes and transitions by channel, batch
 * sizes and durations, bank call latency, breaker states and transitions, queue depths.
 */
export function createWorkerMetrics(defaultLabels: Record<string, string> = {}): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(defaultLabels);
  collectDefaultMetrics({ register: registry });
  // Registration order is exposition order: the breaker-state gauge has always come after the
  // verify metrics, so the bank group is registered in two steps around them.
  const lifecycle = createLifecycleMetrics(registry);
  const bankCalls = registerBankCallMetrics(registry);
  const verify = createVerifyMetrics(registry);
  const bank = bankMetricsFrom(bankCalls, registerBreakerStateGauge(registry));
  return {
    registry,
    lifecycle,
    bank,
    verify,
    gaugeFrom: scrapeTimeGauges(registry),
  };
}

/** Submits, polls and transitions by channel; batch sizes and durations by role. */
function createLifecycleMetrics(registry: Registry): LifecycleMetrics {
  const submits = new Counter({
    name: 'payout_submits_total',
    help: 'Instructions sent, by channel and answer kind',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
  });
  const polls = new Counter({
    name: 'payout_polls_total',
    help: 'Status queries, by channel and answer kind',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
  });
  const transitions = new Counter({
    name: 'payout_transitions_total',
    help: 'Payout status changes made by the lifecycle workers, by new status',
    labelNames: ['to'],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'payout_batch_size',
    help: 'Payouts per batch',
    labelNames: ['role'],
    buckets: [1, 5, 10, 25, 50, 100, 200, 500],
    registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: 'payout_batch_duration_seconds',
    help: 'Batch duration incl. bank calls',
    labelNames: ['role'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    submitted: (channel, outcome, n = 1) => submits.inc({ channel, outcome }, n),
    polled: (channel, outcome, n = 1) => polls.inc({ channel, outcome }, n),
    transitioned: (to, n = 1) => transitions.inc({ to }, n),
    batch: (role, size, ms) => {
      batchSize.observe({ role }, size);
      batchSeconds.observe({ role }, ms / 1000);
    },
  };
}

interface BankCallMetrics {
  readonly calls: Histogram<'bank' | 'operation' | 'outcome'>;
  readonly refused: Counter<'bank' | 'operation' | 'cause'>;
  readonly breakerTransitions: Counter<'bank' | 'operation' | 'to' | 'origin'>;
}

/** Bank call latency, calls not made, and breaker transitions, by bank and operation. */
function registerBankCallMetrics(registry: Registry): BankCallMetrics {
  const calls = new Histogram({
    name: 'bank_call_duration_seconds',
    help: 'Bank calls that were made, by outcome',
    labelNames: ['bank', 'operation', 'outcome'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'bank_calls_refused_total',
    help: 'Bank calls not made (breaker open, rate limit, hours)',
    labelNames: ['bank', 'operation', 'cause'],
    registers: [registry],
  });
  const breakerTransitions = new Counter({
    name: 'bank_breaker_transitions_total',
    help: 'Circuit breaker transitions',
    labelNames: ['bank', 'operation', 'to', 'origin'],
    registers: [registry],
  });
  return { calls, refused, breakerTransitions };
}

function registerBreakerStateGauge(registry: Registry): Gauge<'bank' | 'operation'> {
  return new Gauge({
    name: 'bank_breaker_state',
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
    labelNames: ['bank', 'operation'],
    registers: [registry],
  });
}

function bankMetricsFrom({ calls, refused, breakerTransitions }: BankCallMetrics, breakerState: Gauge<'bank' | 'operation'>): BankMetrics {
  return {
    breakerTransition: (e) => {
      breakerTransitions.inc({ bank: e.bankId, operation: e.operation, to: e.to, origin: e.origin });
      breakerState.set({ bank: e.bankId, operation: e.operation }, BREAKER_VALUE[e.to]);
    },
    callCompleted: (e) => calls.observe({ bank: e.bankId, operation: e.operation, outcome: e.outcome }, e.durationMs / 1000),
    callRefused: (e) => refused.inc({ bank: e.bankId, operation: e.operation, cause: e.cause }),
  };
}

/** Statement fetches, verification decisions, exceptions for ops, and verification passes, by bank. */
function createVerifyMetrics(registry: Registry): VerifyMetrics {
  const statements = new Counter({
    name: 'payout_statement_fetches_total',
    help: 'Statement fetches by the verify role, by bank and result',
    labelNames: ['bank', 'result'],
    registers: [registry],
  });
  const verified = new Counter({
    name: 'payout_verifications_total',
    help: 'Verification decisions, by bank and outcome',
    labelNames: ['bank', 'outcome'],
    registers: [registry],
  });
  const exceptions = new Counter({
    name: 'payout_statement_exceptions_total',
    help: 'Statement lines listed for ops (no matching payout), by bank and kind',
    labelNames: ['bank', 'kind'],
    registers: [registry],
  });
  const verifyLines = new Counter({
    name: 'payout_verify_lines_total',
    help: 'Statement lines looked at by verification passes',
    labelNames: ['bank'],
    registers: [registry],
  });
  const verifySeconds = new Histogram({
    name: 'payout_verify_pass_duration_seconds',
    help: 'One verification pass over a bank',
    labelNames: ['bank'],
    buckets: [0.05, 0.25, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  return {
    statementFetched: (bank, result) => statements.inc({ bank, result }),
    resolved: (bank, outcome, n = 1) => verified.inc({ bank, outcome }, n),
    exceptions: (bank, kind, n = 1) => exceptions.inc({ bank, kind }, n),
    pass: (bank, lines, ms) => {
      verifyLines.inc({ bank }, lines);
      verifySeconds.observe({ bank }, ms / 1000);
    },
  };
}

/** Registers gauges whose labelled values are read afresh on every scrape. */
function scrapeTimeGauges(registry: Registry): WorkerMetrics['gaugeFrom'] {
  return (name, help, labelNames, read) => {
    new Gauge({
      name,
      help,
      labelNames: [...labelNames],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { labels, value } of await read()) this.set(labels, value);
      },
    });
  };
}
