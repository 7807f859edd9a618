import { describeInfraFaults } from '../support/infra-faults.scenario.ts';

// The quick size for the integration step; the chaos step runs the 3,000 (chaos/infra-faults-full.int.test.ts).
describeInfraFaults({ payouts: 700, posted: 400, timeoutMs: 170_000 });
