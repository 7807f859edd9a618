/**
 * Who may do what in ops. Roles come from the authenticated API key (bound to a named person);
 * nobody acts anonymously. `approver` is a superset of `operator` so two approvers can
 * check each other; the maker-checker rule (proposer ≠ approver) is separate from roles and
 * is enforced again by the database.
 */
export const OPS_ROLES = ['viewer', 'operator', 'approver'] as const;
export type OpsRole = (typeof OPS_ROLES)[number];

export const OPS_ACTIONS = [
  'view',
  'repoll',
  'retry',
  'cancel',
  'propose_force_resolve',
  'withdraw_proposal',
  'approve_proposal',
  'reject_proposal',
  'bulk_preview',
  'bulk_execute',
  'propose_calendar_year',
  'approve_calendar_year',
  'reject_calendar_year',
  'read_audit',
] as const;
export type OpsAction = (typeof OPS_ACTIONS)[number];

const OPERATOR_AND_UP: readonly OpsRole[] = ['operator', 'approver'];

const ALLOWED: Readonly<Record<OpsAction, readonly OpsRole[]>> = {
  view: OPS_ROLES,
  repoll: OPERATOR_AND_UP,
  retry: OPERATOR_AND_UP,
  cancel: OPERATOR_AND_UP,
  propose_force_resolve: OPERATOR_AND_UP,
  // Only the proposer withdraws; checked against the proposal, not the role.
  withdraw_proposal: OPERATOR_AND_UP,
  approve_proposal: ['approver'],
  reject_proposal: ['approver'],
  bulk_preview: OPERATOR_AND_UP,
  bulk_execute: OPERATOR_AND_UP,
  // Calendar data decides when money moves: the same maker-checker as a force-resolve.
  propose_calendar_year: OPERATOR_AND_UP,
  approve_calendar_year: ['approver'],
  reject_calendar_year: ['approver'],
  // The whole log: every person's actions and refusals across all clients, reasons included.
  // Approvers check the others' work (maker-checker), so they read it; operators are the
  // people it checks, and viewers see a payout's own audit rows in its timeline.
  read_audit: ['approver'],
};

export function isOpsRole(s: unknown): s is OpsRole {
  return typeof s === 'string' && (OPS_ROLES as readonly string[]).includes(s);
}

export function roleMayPerform(role: OpsRole, action: OpsAction): boolean {
  return ALLOWED[action].includes(role);
}

/** The roles that may perform an action, for the refusal message. */
export function rolesFor(action: OpsAction): readonly OpsRole[] {
  return ALLOWED[action];
}
