/**
 * An OIDC issuer's keys: its discovery document found on first use, its JWKS fetched by
 * jose, and failures of either remembered for a while so an issuer that is down is not
 * asked once per request.
 */
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { AuthError } from './principal.ts';

/**
 * How long a failed discovery or key-set fetch is remembered. Meanwhile every request that
 * needs it fails at once with the same 503 instead of asking an issuer that is down (or
 * misconfigured) again — with many clients retrying, that would be a stream of requests
 * at it just when it struggles. Short, so that the service is back within seconds of the
 * issuer.
 */
export const DISCOVERY_RETRY_MS = 10_000;

/**
 * The issuer's keys, found by discovery on first use: one discovery at a time however many
 * requests arrive at once; a failed one is remembered for DISCOVERY_RETRY_MS, then tried
 * again; a successful one is kept (jose refetches the JWKS itself when a token names a key
 * it does not hold, so key rotation needs no new discovery).
 */
export function discoveredKeys(issuer: string, now: () => number): JWTVerifyGetKey {
  let keys: JWTVerifyGetKey | null = null;
  let pending: Promise<JWTVerifyGetKey> | null = null;
  let failed: { error: AuthError; retryAt: number } | null = null;
  const discover = (): Promise<JWTVerifyGetKey> => {
    if (keys) return Promise.resolve(keys);
    if (failed && now() < failed.retryAt) return Promise.reject(failed.error);
    pending ??= discoverJwksUri(issuer).then(
      (jwksUri) => {
        keys = fetchedKeys(issuer, jwksUri, now);
        failed = null;
        pending = null;
        return keys;
      },
      (error: unknown) => {
        const cause =
          error instanceof AuthError
            ? error
            : new AuthError('unavailable', `discovery of the OIDC issuer ${issuer} failed`, reasonOf(error));
        failed = rememberedFailure(cause, 'discovery', now);
        pending = null;
        throw failed.error;
      },
    );
    return pending;
  };
  return async (header, token) => (await discover())(header, token);
}

/** A failure of the issuer remembered for DISCOVERY_RETRY_MS (on `now`), its message naming when it is tried again (wall-clock time). */
function rememberedFailure(cause: AuthError, what: string, now: () => number): { error: AuthError; retryAt: number } {
  const again = new Date(Date.now() + DISCOVERY_RETRY_MS).toISOString();
  return {
    error: new AuthError('unavailable', `${cause.message} (${what} is not tried again before ${again})`, cause.internal),
    retryAt: now() + DISCOVERY_RETRY_MS,
  };
}

/** The discovery URL drops one trailing slash of the issuer (OIDC Discovery §4); the issuer itself is compared exactly. */
const withoutTrailingSlash = (url: string) => url.replace(/\/$/, '');

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${withoutTrailingSlash(issuer)}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new AuthError('unavailable', `the OIDC issuer ${issuer} does not answer at ${url}`, reasonOf(error));
  }
  if (!response.ok) throw new AuthError('unavailable', `the OIDC issuer ${issuer} answered ${response.status} at ${url}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new AuthError('unavailable', `the OIDC issuer ${issuer}'s discovery document at ${url} does not read as JSON`, reasonOf(error));
  }
  const document = (body !== null && typeof body === 'object' ? body : {}) as { jwks_uri?: unknown; issuer?: unknown };
  // OpenID Connect Discovery §4.3: the document must name exactly the issuer it was asked
  // for. Otherwise it belongs to another issuer (a proxy, another realm, an internal host
  // name for a public issuer): its keys are not the configured issuer's, and every token
  // would fail on `iss` (or worse, pass) with a message that hides the cause.
  if (document.issuer !== issuer) {
    const named = typeof document.issuer === 'string' ? `issuer ${document.issuer}` : 'no issuer';
    throw new AuthError(
      'unavailable',
      `the discovery document at ${url} names ${named}, not the configured issuer ${issuer}: they must be equal (OpenID Connect Discovery §4.3); set HENNEP_OIDC_ISSUER to the issuer's own value`,
    );
  }
  if (typeof document.jwks_uri !== 'string' || !URL.canParse(document.jwks_uri))
    throw new AuthError('unavailable', `the OIDC issuer ${issuer}'s discovery document at ${url} names no jwks_uri URL`);
  return document.jwks_uri;
}

/**
 * The issuer's JWKS. A fetch that fails is the issuer's problem (503 naming it and the
 * URL), not the token's; a key the set does not hold stays a signature failure. A failed
 * fetch is remembered for DISCOVERY_RETRY_MS, as a failed discovery is: jose fetches again
 * whenever its keys are older than ten minutes or a token names a key it does not hold,
 * and would otherwise ask an issuer that is down once per request. Meanwhile keys jose
 * still holds as fresh verify the tokens they sign; a token that would need a fetch gets
 * the remembered 503 at once (also one naming a key they lack: it may be a new key the
 * issuer could not hand out, so the token is not called invalid).
 */
function fetchedKeys(issuer: string, jwksUri: string, now: () => number): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: 30_000 });
  // `held`: the keys jose held when the fetch failed, as a local set (made once: it imports each key once).
  let failed: { error: AuthError; retryAt: number; held: JWTVerifyGetKey | null } | null = null;
  return async (header, token) => {
    const remembered = failed && now() < failed.retryAt ? failed : null;
    if (remembered) {
      if (!remembered.held || !remote.fresh) throw remembered.error;
      try {
        return await remembered.held(header, token);
      } catch (error) {
        throw (error as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY' ? remembered.error : error;
      }
    }
    try {
      const key = await remote(header, token);
      failed = null;
      return key;
    } catch (error) {
      const unavailable = keysUnavailable(issuer, jwksUri, error);
      if (!unavailable) throw error;
      const held = remote.jwks();
      failed = { ...rememberedFailure(unavailable, 'the key set', now), held: held ? createLocalJWKSet(held) : null };
      throw failed.error;
    }
  };
}

/** The 503 for a JWKS fetch that failed, or null when the error is about the token. */
function keysUnavailable(issuer: string, jwksUri: string, error: unknown): AuthError | null {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_JWKS_TIMEOUT')
    return new AuthError('unavailable', `the OIDC issuer ${issuer} did not hand out its keys in time at ${jwksUri}`);
  if (code === 'ERR_JOSE_GENERIC' || code === 'ERR_JWKS_INVALID' || error instanceof TypeError) {
    return new AuthError('unavailable', `the OIDC issuer ${issuer}'s keys could not be fetched from ${jwksUri}`, reasonOf(error));
  }
  return null;
}

/** A fetch error's message with its cause ("fetch failed: connect ECONNREFUSED 127.0.0.1:9"). */
function reasonOf(error: unknown): string {
  const { message, cause } = error as { message?: string; cause?: { message?: string } };
  return cause?.message ? `${message}: ${cause.message}` : String(message ?? error);
}
