export {
  insertCalendarYearProposal,
  getCalendarYear,
  lockCalendarYear,
  listCalendarYears,
  loadApprovedCalendarYears,
  decideCalendarYear,
  type CalendarYearRecord,
  type CalendarYearStatus,
  type NewCalendarYear,
  type CalendarYearDecision,
} from './calendar-years.repository.ts';
export { raiseOpsAlert, listOpsAlerts, type NewOpsAlert, type OpsAlertRecord } from './ops-alerts.repository.ts';
export { syncCalendarYears, startCalendarSync, type CalendarSyncResult } from './calendar-sync.ts';
