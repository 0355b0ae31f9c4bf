/**
 * Who a verified bearer token says the caller is, the verifier that says so, and why a
 * token is refused.
 */
import type { Role } from '../permissions.ts';

export interface Principal {
  /** The token's `sub`: what the audit log records. */
  subject: string;
  /** A readable name (`name`, `preferred_username`, else the subject). */
  name: string;
  roles: Role[];
  expiresAt: number;
}

export type AuthFailure =
  'missing' | 'malformed' | 'expired' | 'issuer' | 'audience' | 'signature' | 'algorithm' | 'claims' | 'unavailable';

/** A token refused, and why; 'unavailable' is the issuer's fault, not the token's. */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly reason: AuthFailure,
    message: string,
    /** For the service's log only: the network error behind an 'unavailable' (it can name internal hosts). */
    readonly internal?: string,
  ) {
    super(message);
  }
}

/** Verifies bearer tokens of one issuer for one audience. */
export interface Authenticator {
  mode: 'embedded' | 'oidc';
  issuer: string;
  audience: string;
  verify(token: string): Promise<Principal>;
}
