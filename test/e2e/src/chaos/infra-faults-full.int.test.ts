import { describeInfraFaults } from '../support/infra-faults.scenario.ts';

// Issue 24's scenario at full size: 3,000 payouts POSTed through the API over 20 s by 48 concurrent
// clients while Postgres is SIGKILLed and restarted, Redis SIGKILLed and restarted, Postgres SIGSTOPped 5 s.
describeInfraFaults({ payouts: 3_000, postWindowMs: 20_000, clients: 48, timeoutMs: 420_000 });
