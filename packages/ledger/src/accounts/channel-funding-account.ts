/**
 * The funding account a bank channel pays from, as the ledger names it.
 *
 * Money leaves the account at the bank the attempt was routed to, and that account's
 * statement is what confirms it: so positions, drift and the opening balance are kept per
 * channel account, not per the payout's requested `funding_account` (routing may send two
 * payouts naming the same one through different banks, and one position could then never
 * equal either bank's balance). One channel pays from one account; the channel id names it.
 *
 * Every writer of payout postings (workers, ops force-resolve) must use this one rule: the
 * ledger refuses a later step booked on another funding account than the attempt's first.
 *
 * @example fundingAccountOfChannel(attempt.channelId) // 'cn-hvps'
 */
export function fundingAccountOfChannel(channelId: string): string {
  return channelId;
}
