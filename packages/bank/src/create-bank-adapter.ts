import { PayoutError } from '@payout/domain';
import type { BankAdapter } from './bank-adapter.port.ts';
import { createCnJsonAdapter } from './cn/cn-json.adapter.ts';
import type { FetchLike } from './http/http-exchange.ts';
import { createIso20022Adapter } from './iso20022/iso20022.adapter.ts';
import type { BankProfile } from './profile/bank-profile.ts';

export interface BankAdapterEndpoints {
  /** The bank's API root for this channel. */
  readonly baseUrl: string;
  readonly fetch?: FetchLike;
  /** ISO 20022 only: the debtor / initiating party name on pain.001. */
  readonly partyName?: string;
}

/** Build the adapter a profile's dialect calls for. The fake is built with createFakeBank. */
export function createBankAdapter(profile: BankProfile, endpoints: BankAdapterEndpoints): BankAdapter {
  const common = endpoints.fetch === undefined ? { baseUrl: endpoints.baseUrl } : { baseUrl: endpoints.baseUrl, fetch: endpoints.fetch };
  switch (profile.dialect) {
    case 'iso20022':
      return createIso20022Adapter(
        profile,
        endpoints.partyName === undefined
          ? common
          : { ...common, initiatingPartyName: endpoints.partyName, debtorName: endpoints.partyName },
      );
    case 'cn-json':
      return createCnJsonAdapter(profile, common);
    case 'fake':
      throw new PayoutError(
        'PAYOUT_E_CONFIG_INVALID',
        `bank ${profile.bankId}: the fake dialect is built with createFakeBank, not from endpoints`,
      );
  }
}
