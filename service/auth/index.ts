/** Bearer tokens: who a request is from, verified; and the embedded issuer's tokens. */
export { createAuthenticator, type AuthenticatorInternals } from './authenticator.ts';
export { EMBEDDED_ISSUER, mintToken, parseTtl } from './issuer.ts';
export { DISCOVERY_RETRY_MS } from './oidc.ts';
export { AuthError, type AuthFailure, type Authenticator, type Principal } from './principal.ts';
export { ALGORITHMS } from './verify.ts';
export { MAX_TOKEN_LIFETIME_SECONDS } from './claims.ts';
