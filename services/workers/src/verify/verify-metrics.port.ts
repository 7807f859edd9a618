/** What verification counts; bound to prom-client by the composition root, no-ops in tests. */
export interface VerifyMetrics {
  /** A statement fetch ended with `result` (ingested, duplicate, not_yet_available, failed, malformed). */
  statementFetched(bankId: string, result: string): void;
  /** A verification decision (succeeded, failed, returned, manual_review, deferred). */
  resolved(bankId: string, outcome: string, n?: number): void;
  /** New exceptions listed for ops. */
  exceptions(bankId: string, kind: string, n?: number): void;
  /** One pass over a channel: lines looked at and how long it took. */
  pass(bankId: string, lines: number, ms: number): void;
}

export const noopVerifyMetrics: VerifyMetrics = {
  statementFetched: () => undefined,
  resolved: () => undefined,
  exceptions: () => undefined,
  pass: () => undefined,
};
