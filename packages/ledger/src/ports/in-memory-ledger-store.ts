import { PayoutError } from '@payout/domain';
import { positionKey } from '../accounts/ledger-account.ts';
import { assertBalanced } from '../postings/posting.builder.ts';
import { postingFingerprint } from '../postings/posting-json.ts';
import type { Posting } from '../postings/posting.ts';
import type { StatementBalanceFact } from '../positions/statement-balance.ts';
import type { AppendResult, LedgerStore } from './ledger-store.port.ts';

/**
 * The LedgerStore in process memory: for tests, the CLI's file-driven runs and anything that
 * does not need durability. Same contract as the Postgres store.
 */
export class InMemoryLedgerStore implements LedgerStore {
  readonly #postings: Posting[] = [];
  readonly #byId = new Map<string, { posting: Posting; fingerprint: string }>();
  readonly #statements = new Map<string, StatementBalanceFact>();

  // async: a refusal is a rejected promise, as with a real store, never a synchronous throw.
  async append(postings: readonly Posting[]): Promise<AppendResult> {
    // Validate the whole call before writing anything: all or nothing.
    const appended: string[] = [];
    const duplicates: string[] = [];
    const fresh = new Map<string, { posting: Posting; fingerprint: string }>();
    for (const p of postings) {
      assertBalanced(p.id, p.entries);
      const fingerprint = postingFingerprint(p);
      const existing = this.#byId.get(p.id) ?? fresh.get(p.id);
      if (existing !== undefined) {
        if (existing.fingerprint !== fingerprint) {
          throw new PayoutError('PAYOUT_E_CONFLICT', `posting ${p.id} already exists with different content; postings are append-only`, {
            postingId: p.id,
          });
        }
        duplicates.push(p.id);
        continue;
      }
      fresh.set(p.id, { posting: p, fingerprint });
      appended.push(p.id);
    }
    for (const [id, v] of fresh) {
      this.#byId.set(id, v);
      this.#postings.push(v.posting);
    }
    return { appended, duplicates };
  }

  postingsForAccount(fundingAccountId: string, currency: string): Promise<readonly Posting[]> {
    return Promise.resolve(
      this.#postings.filter((p) => p.entries.some((e) => e.account.fundingAccountId === fundingAccountId && e.currency === currency)),
    );
  }

  postingsForPayout(payoutId: string): Promise<readonly Posting[]> {
    return Promise.resolve(this.#postings.filter((p) => p.cause.kind === 'payout' && p.cause.payoutId === payoutId));
  }

  postingsForFundingTransfer(transferId: string): Promise<readonly Posting[]> {
    return Promise.resolve(this.#postings.filter((p) => p.cause.kind === 'funding' && p.cause.transferId === transferId));
  }

  /** Every posting in append order (not part of the port: a test and audit convenience). */
  allPostings(): readonly Posting[] {
    return [...this.#postings];
  }

  async recordStatementBalance(fact: StatementBalanceFact): Promise<'recorded' | 'duplicate'> {
    const key = `${positionKey(fact.fundingAccountId, fact.currency)}|${fact.statementId}`;
    const existing = this.#statements.get(key);
    if (existing !== undefined) {
      if (existing.date !== fact.date || existing.closingMinor !== fact.closingMinor || existing.openingMinor !== fact.openingMinor) {
        throw new PayoutError('PAYOUT_E_CONFLICT', `statement ${fact.statementId} is already recorded with other balances`, {
          statementId: fact.statementId,
        });
      }
      return 'duplicate';
    }
    this.#statements.set(key, Object.freeze({ ...fact }));
    return 'recorded';
  }

  statementBalances(fundingAccountId: string, currency: string): Promise<readonly StatementBalanceFact[]> {
    const list = [...this.#statements.values()].filter((s) => s.fundingAccountId === fundingAccountId && s.currency === currency);
    list.sort((a, b) => (a.date === b.date ? (a.statementId < b.statementId ? -1 : 1) : a.date < b.date ? -1 : 1));
    return Promise.resolve(list);
  }
}
