/**
 * Bearer tokens verified with `jose` (signature, issuer, audience, expiry, algorithm) and
 * the claims beyond them; verified tokens are kept until they expire.
 */
import { jwtVerify, type JWTHeaderParameters, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { lifetimeRefusal, partyRefusal, principalOf, subjectRefusal, typeRefusal } from './claims.ts';
import { AuthError, type Authenticator, type Principal } from './principal.ts';

/** Asymmetric algorithms only: `none` and HMAC (a shared secret in every replica) are refused. */
export const ALGORITHMS = ['ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256', 'EdDSA'];

/** Verified tokens, kept until they expire: verification is the costliest step of a request. */
const CACHE_LIMIT = 10_000;

/** The authenticator of tokens `issuer` signs with `keys` for this service, refused by reason (AuthError) when they do not verify. */
export function verifierFor(
  mode: Authenticator['mode'],
  issuer: string,
  accept: { audience: string; clientId: string; rolesClaim: string },
  keys: JWTVerifyGetKey,
): Authenticator {
  const { audience, clientId, rolesClaim } = accept;
  const cache = new Map<string, Principal>();
  return {
    mode,
    issuer,
    audience,
    async verify(token) {
      const now = Date.now() / 1000;
      const cached = cache.get(token);
      if (cached && cached.expiresAt > now) return cached;
      if (cached) cache.delete(token);
      let payload: JWTPayload;
      let protectedHeader: JWTHeaderParameters;
      try {
        ({ payload, protectedHeader } = await jwtVerify(token, keys, {
          issuer,
          audience,
          algorithms: ALGORITHMS,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (error) {
        throw asAuthError(error);
      }
      const refusal =
        typeRefusal(protectedHeader.typ) ??
        partyRefusal(payload, audience, clientId) ??
        subjectRefusal(payload.sub) ??
        lifetimeRefusal(payload, now);
      if (refusal) throw new AuthError('claims', refusal);
      const principal = principalOf(payload, rolesClaim);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(token, principal);
      return principal;
    },
  };
}

/** What jose's error means for the caller: the reason a token is refused. */
function asAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const e = error as { code?: string; claim?: string; message?: string };
  switch (e.code) {
    case 'ERR_JWT_EXPIRED':
      return new AuthError('expired', 'the token has expired: sign in again');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (e.claim === 'iss') return new AuthError('issuer', 'the token was not issued by the configured issuer');
      if (e.claim === 'aud') return new AuthError('audience', 'the token is not meant for this service (audience)');
      return new AuthError('claims', `the token's claims do not validate: ${e.message}`);
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new AuthError('algorithm', `the token's signing algorithm is not accepted (accepted: ${ALGORITHMS.join(', ')})`);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return new AuthError('signature', "the token's signature does not verify against the issuer's keys");
    default:
      // Keys that could not be fetched are reported where they are fetched (fetchedKeys).
      return new AuthError('malformed', 'the bearer token is not a valid signed JWT');
  }
}
