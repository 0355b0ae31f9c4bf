/**
 * Bearer tokens: JWTs from an OIDC issuer, verified against the issuer's JWKS; with no
 * issuer configured, the embedded issuer's key. Roles come from a configurable claim.
 */
import { createLocalJWKSet } from 'jose';
import type { Config } from '../../config/index.ts';
import { EMBEDDED_ISSUER, embeddedKey } from './issuer.ts';
import { discoveredKeys } from './oidc.ts';
import type { Authenticator } from './principal.ts';
import { verifierFor } from './verify.ts';

/** The verifier for this configuration: the embedded key, or the issuer's JWKS found by discovery. */
export async function createAuthenticator(config: Config, internals: AuthenticatorInternals = {}): Promise<Authenticator> {
  const { audience, clientId, rolesClaim } = config.oidc;
  if (!config.oidc.issuer) {
    const { publicJwk } = await embeddedKey(config.dataDir);
    return verifierFor('embedded', EMBEDDED_ISSUER, { audience, clientId, rolesClaim }, createLocalJWKSet({ keys: [publicJwk] }));
  }
  const issuer = config.oidc.issuer;
  return verifierFor(
    'oidc',
    issuer,
    { audience, clientId, rolesClaim },
    discoveredKeys(issuer, internals.now ?? (() => performance.now())),
  );
}

/** Knobs for tests only: the clock of the discovery backoff (milliseconds; monotonic by default, so a clock step cannot stretch the wait). */
export interface AuthenticatorInternals {
  now?: () => number;
}
