import type { GroundTruthReport } from '@payout/test-kit';
import { expect } from 'vitest';

/**
 * The invariants every e2e run must keep against the simulator's ground truth: no payout
 * executed twice, none lost, none the bank executed recorded failed, no success the bank never
 * executed, every payout settled (final or waiting) with a reason.
 */
export function expectGroundTruthHolds(report: GroundTruthReport): void {
  expect(report.executedTwice).toEqual([]);
  expect(report.maxExecutionsPerPayout).toBe(1);
  expect(report.lost).toEqual([]);
  expect(report.executedButFailed).toEqual([]);
  expect(report.succeededNotExecuted).toEqual([]);
  expect(report.unsettled).toEqual([]);
}
