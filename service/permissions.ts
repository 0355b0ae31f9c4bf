/**
 * Who may do what: the one permissions table. A route names the permission it needs; a
 * role holds only the permissions listed here; anything not listed is refused (deny by
 * default). The README's roles table is checked against this one by a test.
 */

/** Every role, in the order the first one holding a permission is chosen. */
export const ROLES = ['analist', 'riec', 'interventieteam', 'beheerder', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Permission {
  /** The roles holding it, nothing else. */
  roles: readonly Role[];
  /** Address-level data: the request must state a purpose (doelbinding). */
  purpose: boolean;
  description: string;
}

export const PERMISSIONS = {
  'session:read': { roles: ROLES, purpose: false, description: "see one's own name, roles and permissions" },
  'risk:address': { roles: ['analist'], purpose: true, description: 'read the risk of one address with its full explanation' },
  'risk:list': { roles: ['analist'], purpose: true, description: 'browse the ranked risk list with the top three reasons per address' },
  'signals:propose': { roles: ['analist'], purpose: true, description: 'propose an address to the RIEC with a reason' },
  'signals:read': { roles: ['analist', 'riec'], purpose: true, description: 'read proposals with the explanation they were made on' },
  'signals:decide': {
    roles: ['riec'],
    purpose: true,
    description: 'approve (legal basis, reason, priority) or reject (reason) a proposal',
  },
  'controls:read': {
    roles: ['interventieteam'],
    purpose: true,
    description: 'read approved controls: address, priority, short explanation',
  },
  'controls:plan': { roles: ['interventieteam'], purpose: true, description: 'plan an approved control on a date' },
  'controls:outcome': {
    roles: ['interventieteam'],
    purpose: true,
    description: 'record the outcome of a planned control (it becomes an inspection)',
  },
  'samples:draw': { roles: ['beheerder'], purpose: false, description: 'draw a random sample of addresses for the RIEC, with a reason' },
  'samples:read': {
    roles: ['beheerder', 'auditor'],
    purpose: false,
    description: 'read the samples drawn, their design and what became of their members (no addresses)',
  },
  'models:read': {
    roles: ['analist', 'beheerder', 'auditor'],
    purpose: false,
    description: 'read model versions, cards, metrics and fairness reports',
  },
  'models:activate': { roles: ['beheerder'], purpose: false, description: 'activate a model version, with a written justification' },
  'models:disable': { roles: ['beheerder'], purpose: false, description: 'switch the active model off (scoring answers 503)' },
  'jobs:run': { roles: ['beheerder'], purpose: false, description: 'start retraining and rescoring' },
  'jobs:read': { roles: ['beheerder'], purpose: false, description: 'read job runs' },
  'audit:read': { roles: ['auditor'], purpose: false, description: 'read the audit log' },
  'audit:verify': { roles: ['auditor'], purpose: false, description: "verify the audit log's hash chain" },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The first of `roles` (in table order) that holds `action`, or null: refused. */
export function grantingRole(roles: readonly Role[], action: Action): Role | null {
  const holders: readonly Role[] = PERMISSIONS[action].roles;
  return ROLES.find((r) => roles.includes(r) && holders.includes(r)) ?? null;
}

export function permissionsOf(roles: readonly Role[]): Action[] {
  return ACTIONS.filter((a) => grantingRole(roles, a) !== null);
}
