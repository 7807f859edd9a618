import { PayoutError } from '@payout/domain';
import { RAIL_IDS, type RailId, type RailProfile } from './rail.types.ts';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * Rail profiles as data. Hours and cut-offs are the scheme operator's published times in
 * the rail's own zone (DST follows the zone). A bank's own cut-off for a rail is earlier
 * and belongs to that bank's channel configuration, not here.
 */
export const RAILS: Readonly<Record<RailId, RailProfile>> = Object.freeze({
  CN_HVPS: {
    id: 'CN_HVPS',
    name: 'China High Value Payment System (大额支付系统)',
    currency: 'CNY',
    calendar: 'CN',
    timeZone: 'Asia/Shanghai',
    hours: { open: '20:30', close: '17:15', opensPreviousDay: true },
    cutoffs: [{ name: 'business', time: '17:15', description: 'business cut-off; the clearing window 17:15–17:30 follows' }],
    maintenance: [],
    settlement: 'rtgs',
    typicalFinalSeconds: 15 * MINUTE,
    maxFinalSeconds: 15 * MINUTE,
    notes:
      'PBoC: statutory working days including make-up Saturdays, from 20:30 on the previous natural day (since 2018-05-02) to 17:15. Final answer normally within ~15 minutes.',
  },
  CN_BEPS: {
    id: 'CN_BEPS',
    name: 'China Bulk Electronic Payment System (小额批量支付系统)',
    currency: 'CNY',
    calendar: null,
    timeZone: 'Asia/Shanghai',
    hours: null,
    cutoffs: [{ name: 'day', time: '16:00', description: 'day cut: items after it belong to the next BEPS day' }],
    maintenance: [],
    settlement: 'deferred_net',
    typicalFinalSeconds: DAY,
    maxFinalSeconds: 3 * DAY,
    notes:
      '7×24; net positions settle through HVPS on working days, so batch items can take until the next working day. PBoC announces maintenance windows per occasion — add them to `maintenance` when announced.',
  },
  CN_IBPS: {
    id: 'CN_IBPS',
    name: 'China Internet Banking Payment System (超级网银)',
    currency: 'CNY',
    calendar: null,
    timeZone: 'Asia/Shanghai',
    hours: null,
    cutoffs: [],
    maintenance: [],
    settlement: 'instant',
    typicalFinalSeconds: MINUTE,
    maxFinalSeconds: 15 * MINUTE,
    notes: '7×24 real-time net settlement; answers in seconds.',
  },
  US_ACH: {
    id: 'US_ACH',
    name: 'US ACH (FedACH, Nacha rules)',
    currency: 'USD',
    calendar: 'US-FED',
    timeZone: 'America/New_York',
    hours: { open: '00:00', close: '16:45', opensPreviousDay: false },
    cutoffs: [
      { name: 'same_day_1', time: '10:30', description: 'first same-day window (settles 13:00 ET)' },
      { name: 'same_day_2', time: '14:45', description: 'second same-day window (settles 17:00 ET)' },
      { name: 'same_day_3', time: '16:45', description: 'third and last same-day window (settles 18:00 ET)' },
    ],
    maintenance: [],
    settlement: 'deferred_net',
    typicalFinalSeconds: DAY,
    maxFinalSeconds: 2 * DAY,
    notes:
      'Fed business days. "Open" here means same-day processing is still reachable (until the last same-day window); files after it settle next business day. Returns within 2 banking days, some up to 60 days.',
  },
  US_FEDWIRE: {
    id: 'US_FEDWIRE',
    name: 'Fedwire Funds Service',
    currency: 'USD',
    calendar: 'US-FED',
    timeZone: 'America/New_York',
    hours: { open: '21:00', close: '19:00', opensPreviousDay: true },
    cutoffs: [
      { name: 'customer', time: '18:00', description: 'third-party (customer) transfers' },
      { name: 'close', time: '19:00', description: 'end of the funds-transfer business day' },
    ],
    maintenance: [],
    settlement: 'rtgs',
    typicalFinalSeconds: MINUTE,
    maxFinalSeconds: 15 * MINUTE,
    notes:
      'Federal Reserve: business day runs 21:00 ET on the preceding calendar day to 19:00 ET; customer-transfer deadline 18:00 ET (the Fed may extend). The announced 22×6 expansion (2028/2029) will need a new profile.',
  },
  US_FEDNOW: {
    id: 'US_FEDNOW',
    name: 'FedNow Service',
    currency: 'USD',
    calendar: null,
    timeZone: 'America/New_York',
    hours: null,
    cutoffs: [],
    maintenance: [],
    settlement: 'instant',
    typicalFinalSeconds: MINUTE,
    maxFinalSeconds: 15 * MINUTE,
    notes: '24×7×365 instant payments; final status in seconds.',
  },
  EU_SEPA_SCT: {
    id: 'EU_SEPA_SCT',
    name: 'SEPA Credit Transfer',
    currency: 'EUR',
    calendar: 'TARGET2',
    timeZone: 'Europe/Berlin',
    hours: { open: '07:00', close: '18:00', opensPreviousDay: false },
    cutoffs: [{ name: 'customer', time: '17:00', description: 'T2 cut-off for customer payments' }],
    maintenance: [],
    settlement: 'deferred_net',
    typicalFinalSeconds: DAY,
    maxFinalSeconds: 2 * DAY,
    notes:
      "Runs on TARGET2 days, D+1 execution. Hours are the T2 day-trade phase (07:00–18:00 CET, customer payments until 17:00); clearing-house (e.g. STEP2) cycle times are the bank channel's business. Returns arrive days later.",
  },
  EU_SEPA_INST: {
    id: 'EU_SEPA_INST',
    name: 'SEPA Instant Credit Transfer',
    currency: 'EUR',
    calendar: null,
    timeZone: 'Europe/Berlin',
    hours: null,
    cutoffs: [],
    maintenance: [],
    settlement: 'instant',
    typicalFinalSeconds: MINUTE,
    maxFinalSeconds: 15 * MINUTE,
    notes: '24×7×365; scheme target is seconds.',
  },
  UK_FPS: {
    id: 'UK_FPS',
    name: 'UK Faster Payments',
    currency: 'GBP',
    calendar: null,
    timeZone: 'Europe/London',
    hours: null,
    cutoffs: [],
    maintenance: [],
    settlement: 'instant',
    typicalFinalSeconds: MINUTE,
    maxFinalSeconds: 2 * HOUR,
    notes: '24×7×365; usually seconds, up to 2 hours.',
  },
  UK_BACS: {
    id: 'UK_BACS',
    name: 'Bacs Direct Credit',
    currency: 'GBP',
    calendar: 'UK',
    timeZone: 'Europe/London',
    hours: { open: '00:00', close: '22:30', opensPreviousDay: false },
    cutoffs: [{ name: 'input', time: '22:30', description: 'input deadline on day 1 of the 3-day cycle' }],
    maintenance: [],
    settlement: 'deferred_net',
    typicalFinalSeconds: 3 * DAY,
    maxFinalSeconds: 5 * DAY,
    notes:
      'UK business days, 3-day cycle: input (day 1), processing (day 2), entry to accounts (day 3). Files may be submitted up to 31 days ahead; "open" here means the current day can still be day 1.',
  },
} satisfies Record<RailId, RailProfile>);

export function isRailId(s: unknown): s is RailId {
  return typeof s === 'string' && (RAIL_IDS as readonly string[]).includes(s);
}

/** The profile of a rail; throws PAYOUT_E_UNKNOWN_RAIL for any other id. */
export function getRail(id: string): RailProfile {
  if (!isRailId(id)) {
    throw new PayoutError('PAYOUT_E_UNKNOWN_RAIL', `unknown rail "${String(id).slice(0, 40)}"; known: ${RAIL_IDS.join(', ')}`, {
      rail: String(id).slice(0, 40),
    });
  }
  return RAILS[id];
}
