// @payout/test-kit: the cross-package test support. Tests, the simulator's default config and
// services/devstack use it; the product never does (dependency-cruiser: no-test-support-in-product).
export { bankProfile, HVPS_POLL, SEPA_BANK, type ProfileOverrides, type SimDialect } from './bank-profile.ts';
export { cnySimBank, channelsFor, cnBusinessDayAt, type SimBankSpec, type SimBankWithProfile } from './sim-banks.ts';
export { seedPayouts } from './seed-payouts.ts';
export { checkAgainstGroundTruth, type GroundTruthReport } from './ground-truth.check.ts';
export { lifecycleDeps, simClockOf, TEST_SETTINGS } from './lifecycle-harness.ts';
export { startWorkersProcess, type RunningWorkers } from './workers-process.ts';
export { WORKERS_MAIN } from './process-entries.ts';
