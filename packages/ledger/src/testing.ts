// Test support for LedgerStore implementations: import from '@payout/ledger/testing' in tests
// only (it imports vitest).
export { describeLedgerStoreContract, type LedgerStoreHarness } from './testing/ledger-store.contract.ts';
