/** Who is calling: derived from the JWT's claims (groups → roles). Pure data. */
export const ROLES = ['operator', 'supplier', 'customer', 'warehouse', 'agent'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** The token subject (Cognito `sub`). */
  readonly sub: string;
  readonly roles: readonly Role[];
  /** Set for supplier users that belong to an approved supplier (`custom:supplierId`). */
  readonly supplierId?: string;
  readonly email?: string;
  /** Every group of the token, roles included (member offers are for groups such as `member`). */
  readonly groups?: readonly string[];
}

export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);
