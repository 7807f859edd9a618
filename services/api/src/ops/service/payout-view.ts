import type { OpsPayoutRecord } from '@payout/db';
import type { OpsPayoutView } from '../policy/ops-payout-view.ts';

/** The policy's view of a loaded payout. */
export function toPayoutView(p: OpsPayoutRecord): OpsPayoutView {
  return {
    id: p.payout.id,
    status: p.payout.status,
    version: p.payout.version,
    nextAction: p.payout.nextAction,
    attempts: p.attempts.map((a) => ({ id: a.id, state: a.state, reasonCode: a.reasonCode ?? undefined })),
  };
}
