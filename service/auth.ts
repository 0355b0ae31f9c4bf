import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../config/index.ts';
import { isReservedActor } from '../db/index.ts';
import { placeKeyFile } from './key-file.ts';
import { isRole, type Role } from './permissions.ts';

/**
 * Bearer tokens: JWTs from an OIDC issuer, verified with `jose` against the issuer's
 * JWKS (signature, issuer, audience, expiry, algorithm). With no issuer configured the
 * service is its own issuer: a signing key kept in the data directory, tokens minted by
 * `hennep token`. Roles come from a configurable claim; unknown role names are ignored.
 */
export const EMBEDDED_ISSUER = 'urn:hennep-risk:embedded-issuer';
/** Asymmetric algorithms only: `none` and HMAC (a shared secret in every replica) are refused. */
export const ALGORITHMS = ['ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256', 'EdDSA'];
const EMBEDDED_ALGORITHM = 'ES256';

export interface Principal {
  /** The token's `sub`: what the audit log records. */
  subject: string;
  /** A readable name (`name`, `preferred_username`, else the subject). */
  name: string;
  roles: Role[];
  expiresAt: number;
}

export type AuthFailure = 'missing' | 'malformed' | 'expired' | 'issuer' | 'audience' | 'signature' | 'algorithm' | 'claims' | 'unavailable';

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

export interface Authenticator {
  mode: 'embedded' | 'oidc';
  issuer: string;
  audience: string;
  verify(token: string): Promise<Principal>;
}

const KEY_FILE = 'issuer-key.jwk.json';

interface EmbeddedKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The embedded issuer's key pair, created (mode 0600) on first use. */
async function embeddedKey(dataDir: string): Promise<EmbeddedKey> {
  const file = join(dataDir, 'keys', KEY_FILE);
  try {
    const privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
    const { d: _d, ...publicJwk } = privateJwk;
    return { privateJwk, publicJwk };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: the embedded issuer's key does not read: ${(error as Error).message}`);
  }
  const { privateKey } = await generateKeyPair(EMBEDDED_ALGORITHM, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), alg: EMBEDDED_ALGORITHM, use: 'sig', kid: `hennep-${Date.now().toString(36)}` };
  if (!(await placeKeyFile(file, JSON.stringify(privateJwk)))) return embeddedKey(dataDir);
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk };
}

/** Mints a token of the embedded issuer (`hennep token`, the demo and the demo sign-in). */
export async function mintToken(config: Config, who: { user: string; roles: readonly Role[]; ttlSeconds: number }): Promise<string> {
  if (config.oidc.issuer) throw new Error(`HENNEP_OIDC_ISSUER is set (${config.oidc.issuer}): tokens come from that issuer, not from hennep`);
  const refusal = subjectRefusal(who.user, '--user');
  if (refusal) throw new Error(refusal);
  const { privateJwk } = await embeddedKey(config.dataDir);
  const key = await importJWK(privateJwk, EMBEDDED_ALGORITHM);
  return new SignJWT({ [config.oidc.rolesClaim]: [...who.roles], name: who.user })
    .setProtectedHeader({ alg: EMBEDDED_ALGORITHM, kid: privateJwk.kid!, typ: 'JWT' })
    .setIssuer(EMBEDDED_ISSUER)
    .setAudience(config.oidc.audience)
    .setSubject(who.user)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + who.ttlSeconds)
    .sign(key);
}

/** `8h`, `30m`, `3600s` or `3600` → seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`--ttl '${text}' is not a duration: use e.g. 30m, 8h or 1d`);
  const seconds = Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (seconds < 1 || seconds > 7 * 86_400) throw new Error(`--ttl '${text}': a token lives between 1 second and 7 days`);
  return seconds;
}

/** The verifier for this configuration: the embedded key, or the issuer's JWKS found by discovery. */
export async function createAuthenticator(config: Config, internals: AuthenticatorInternals = {}): Promise<Authenticator> {
  const { audience, clientId, rolesClaim } = config.oidc;
  if (!config.oidc.issuer) {
    const { publicJwk } = await embeddedKey(config.dataDir);
    return verifierFor('embedded', EMBEDDED_ISSUER, { audience, clientId, rolesClaim }, createLocalJWKSet({ keys: [publicJwk] }));
  }
  const issuer = config.oidc.issuer;
  return verifierFor('oidc', issuer, { audience, clientId, rolesClaim }, discoveredKeys(issuer, internals.now ?? (() => performance.now())));
}

/** Knobs for tests only: the clock of the discovery backoff (milliseconds; monotonic by default, so a clock step cannot stretch the wait). */
export interface AuthenticatorInternals {
  now?: () => number;
}

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
function discoveredKeys(issuer: string, now: () => number): JWTVerifyGetKey {
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
        const cause = error instanceof AuthError ? error : new AuthError('unavailable', `discovery of the OIDC issuer ${issuer} failed`, reasonOf(error));
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
  return { error: new AuthError('unavailable', `${cause.message} (${what} is not tried again before ${again})`, cause.internal), retryAt: now() + DISCOVERY_RETRY_MS };
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
    throw new AuthError('unavailable', `the discovery document at ${url} names ${named}, not the configured issuer ${issuer}: they must be equal (OpenID Connect Discovery §4.3); set HENNEP_OIDC_ISSUER to the issuer's own value`);
  }
  if (typeof document.jwks_uri !== 'string' || !URL.canParse(document.jwks_uri)) throw new AuthError('unavailable', `the OIDC issuer ${issuer}'s discovery document at ${url} names no jwks_uri URL`);
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
  if (code === 'ERR_JWKS_TIMEOUT') return new AuthError('unavailable', `the OIDC issuer ${issuer} did not hand out its keys in time at ${jwksUri}`);
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

/**
 * Token types (the `typ` header, RFC 8725 §3.11) that may be a bearer token here: JWT
 * (most issuers' access tokens, ID tokens and the embedded issuer's) and at+jwt (RFC 9068).
 * Another declared type is another kind of JWT — a DPoP proof, a logout token — which the
 * issuer signs too but which must not pass for an access token. A missing `typ` is
 * accepted: many issuers leave it out. Compared as media types (RFC 7515 §4.1.9): without
 * case and with the `application/` prefix optional.
 */
const ACCEPTED_TYPES = ['JWT', 'at+jwt'];

function typeRefusal(typ: unknown): string | null {
  if (typ === undefined) return null;
  const type = typeof typ === 'string' ? typ.toLowerCase().replace(/^application\//, '') : null;
  if (ACCEPTED_TYPES.some((accepted) => accepted.toLowerCase() === type)) return null;
  return `the token's type (typ ${JSON.stringify(typ)}) is not an access token: accepted are ${ACCEPTED_TYPES.join(' and ')} (or no typ)`;
}

/**
 * `azp`, the party the token was issued to (OIDC Core §2). Not required — many issuers'
 * access tokens lack it, even with several audiences — but when present it must be a party
 * this service knows: its audience, or the web page's client (Keycloak names the client
 * that asked for the token). A token issued to some other client is refused, also when it
 * lists this service among its audiences (Keycloak adds a client to `aud` whenever the user
 * holds a role of it).
 */
function partyRefusal(payload: JWTPayload, audience: string, clientId: string): string | null {
  if (payload.azp === undefined) return null;
  if (payload.azp === audience || payload.azp === clientId) return null;
  return `the token was issued to another party (azp ${JSON.stringify(payload.azp)}): accepted are the audience ${audience} and the web client ${clientId}`;
}

/**
 * The subject is what the audit log records as the actor: a non-empty string of printable
 * characters, and not a name the service writes its own entries under.
 */
const SUBJECT_MAX = 256;

function subjectRefusal(sub: unknown, what = "the token's subject (sub)"): string | null {
  if (typeof sub !== 'string') return `${what} must be a string, not ${sub === null ? 'null' : typeof sub}`;
  if (sub.trim() === '') return `${what} is empty`;
  if ([...sub].length > SUBJECT_MAX) return `${what} is longer than ${SUBJECT_MAX} characters`;
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(sub)) return `${what} contains control or invisible characters`;
  if (isReservedActor(sub)) return `${what} ${JSON.stringify(sub)} is reserved for the service's own audit entries`;
  return null;
}

/**
 * A bearer token is a short-lived credential: one that lives longer than a week (or was
 * issued in the future, beyond a minute of clock skew) is a misconfigured issuer or a
 * forgery, and a stolen one would never stop working.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 7 * 86_400;
const CLOCK_SKEW_SECONDS = 60;

function lifetimeRefusal(payload: JWTPayload, now: number): string | null {
  const { exp, iat } = payload;
  if (typeof exp === 'number' && exp - now > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
    return `the token is valid until ${new Date(exp * 1000).toISOString()}: tokens valid for more than 7 days are refused; have the issuer issue shorter-lived tokens`;
  }
  if (iat !== undefined && typeof iat !== 'number') return "the token's issued-at time (iat) is not a number";
  if (typeof iat === 'number' && iat > now + CLOCK_SKEW_SECONDS) return `the token was issued in the future (iat ${new Date(iat * 1000).toISOString()}): check the issuer's clock`;
  return null;
}

/** Verified tokens, kept until they expire: verification is the costliest step of a request. */
const CACHE_LIMIT = 10_000;

function verifierFor(mode: Authenticator['mode'], issuer: string, accept: { audience: string; clientId: string; rolesClaim: string }, keys: JWTVerifyGetKey): Authenticator {
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
        ({ payload, protectedHeader } = await jwtVerify(token, keys, { issuer, audience, algorithms: ALGORITHMS, requiredClaims: ['sub', 'exp'] }));
      } catch (error) {
        throw asAuthError(error);
      }
      const refusal = typeRefusal(protectedHeader.typ) ?? partyRefusal(payload, audience, clientId) ?? subjectRefusal(payload.sub) ?? lifetimeRefusal(payload, now);
      if (refusal) throw new AuthError('claims', refusal);
      const principal = principalOf(payload, rolesClaim);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(token, principal);
      return principal;
    },
  };
}

function principalOf(payload: JWTPayload, rolesClaim: string): Principal {
  const raw = claimAt(payload, rolesClaim);
  const names = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles = [...new Set(names.filter(isRole))];
  const name = typeof payload.name === 'string' ? payload.name : typeof payload.preferred_username === 'string' ? payload.preferred_username : payload.sub!;
  return { subject: payload.sub!, name, roles, expiresAt: payload.exp! };
}

/** A claim by dotted path (`realm_access.roles` in Keycloak tokens). */
function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

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
      return new AuthError('signature', 'the token\'s signature does not verify against the issuer\'s keys');
    default:
      // Keys that could not be fetched are reported where they are fetched (fetchedKeys).
      return new AuthError('malformed', 'the bearer token is not a valid signed JWT');
  }
}
