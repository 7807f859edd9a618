import { describeLedgerStoreContract } from '../testing/ledger-store.contract.ts';
import { InMemoryLedgerStore } from './in-memory-ledger-store.ts';

describeLedgerStoreContract('in-memory', () => ({ store: new InMemoryLedgerStore() }));
