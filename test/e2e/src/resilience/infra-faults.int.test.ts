import { describeInfraFaults } from '../support/infra-faults.scenario.ts';

// The quick size for the integration step, every payout POSTed; the chaos step runs the 3,000 (chaos/infra-faults-full.int.test.ts).
describeInfraFaults({ payouts: 700, postWindowMs: 15_000, clients: 8, timeoutMs: 170_000 });
