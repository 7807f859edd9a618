import { describeInfraFaults } from '../support/infra-faults.scenario.ts';

// Issue 24's scenario at full size: 3,000 payouts (seeded and POSTed through the API) while
// Postgres is SIGKILLed and restarted, Redis SIGKILLed and restarted, Postgres SIGSTOPped 5 s.
describeInfraFaults({ payouts: 3_000, posted: 600, timeoutMs: 420_000 });
