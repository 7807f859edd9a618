// Test and demo support for the lifecycle: simulator bank fixtures, seeding, the ground-truth check.
export { cnySimBank, channelsFor, cnBusinessDayAt, HVPS_POLL, type SimBankSpec } from './sim-banks.ts';
export { seedPayouts } from './seed-payouts.ts';
export { checkAgainstGroundTruth, type GroundTruthReport } from './ground-truth.check.ts';
export { lifecycleDeps, simClockOf, TEST_SETTINGS } from './lifecycle-harness.ts';
