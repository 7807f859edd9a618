import type { LiquidityInputs } from '@payout/ledger';

/**
 * Liquidity inputs in the JSON form `parseLiquidityInputs` reads (the CLI's --inputs file
 * format): amounts as strings of minor units, optional fields omitted. A recorded plan keeps
 * its inputs in this form, so an auditor can replay it or feed it to `liquidity plan --inputs`.
 *
 * @example parseLiquidityInputs(liquidityInputsToJson(inputs)) // equal to inputs
 */
export function liquidityInputsToJson(inputs: LiquidityInputs): Record<string, unknown> {
  const opt = <T>(key: string, v: T | undefined, f: (x: T) => unknown = (x) => x): Record<string, unknown> =>
    v === undefined ? {} : { [key]: f(v) };
  const str = (x: bigint): string => x.toString();
  return {
    accounts: inputs.accounts.map((a) => ({
      id: a.id,
      currency: a.currency,
      rail: a.rail,
      ...opt('railCutoffName', a.railCutoffName),
      ...opt('calendar', a.calendar),
      ...opt('timeZone', a.timeZone),
      internalCutoff: a.internalCutoff,
      ...opt('fundingOpensAt', a.fundingOpensAt),
      fundingSource: a.fundingSource,
      ...opt('bufferMinor', a.bufferMinor, str),
      ...opt('transferRoundingMinor', a.transferRoundingMinor, str),
    })),
    positions: inputs.positions.map((p) => ({
      fundingAccountId: p.fundingAccountId,
      currency: p.currency,
      confirmedMinor: str(p.confirmedMinor),
      reservedMinor: str(p.reservedMinor),
      unknownExposureMinor: str(p.unknownExposureMinor),
      settledAwaitingStatementMinor: str(p.settledAwaitingStatementMinor),
      fundingInTransitMinor: str(p.fundingInTransitMinor),
      returnsInTransitMinor: str(p.returnsInTransitMinor),
      ...opt('asOf', p.asOf),
    })),
    scheduled: inputs.scheduled.map((s) => ({
      payoutId: s.payoutId,
      fundingAccountId: s.fundingAccountId,
      amountMinor: str(s.amount.amountMinor),
      currency: s.amount.currency,
      requestedExecutionDate: s.requestedExecutionDate,
    })),
    history: inputs.history.map((h) => ({ fundingAccountId: h.fundingAccountId, date: h.date, outflowMinor: str(h.outflowMinor) })),
    confirmedInflows: inputs.confirmedInflows.map((i) => ({
      reference: i.reference,
      fundingAccountId: i.fundingAccountId,
      amountMinor: str(i.amount.amountMinor),
      currency: i.amount.currency,
      expectedDate: i.expectedDate,
    })),
  };
}
