import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
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
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Config } from '../config/index.ts';
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
  const dir = join(dataDir, 'keys');
  const file = join(dir, KEY_FILE);
  try {
    const privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
    const { d: _d, ...publicJwk } = privateJwk;
    return { privateJwk, publicJwk };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: the embedded issuer's key does not read: ${(error as Error).message}`);
  }
  const { privateKey } = await generateKeyPair(EMBEDDED_ALGORITHM, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), alg: EMBEDDED_ALGORITHM, use: 'sig', kid: `hennep-${Date.now().toString(36)}` };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Written whole under a name of its own, then linked into place: a process starting at
  // the same moment sees either no key or a complete one, and if it linked first, its key
  // is the one everybody uses.
  const temporary = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(temporary, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return embeddedKey(dataDir);
  } finally {
    await unlink(temporary);
  }
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk };
}

/** Mints a token of the embedded issuer (`hennep token`, the demo and the demo sign-in). */
export async function mintToken(config: Config, who: { user: string; roles: readonly Role[]; ttlSeconds: number }): Promise<string> {
  if (config.oidc.issuer) throw new Error(`HENNEP_OIDC_ISSUER is set (${config.oidc.issuer}): tokens come from that issuer, not from hennep`);
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
export async function createAuthenticator(config: Config): Promise<Authenticator> {
  const { audience, rolesClaim } = config.oidc;
  if (!config.oidc.issuer) {
    const { publicJwk } = await embeddedKey(config.dataDir);
    return verifierFor('embedded', EMBEDDED_ISSUER, audience, rolesClaim, createLocalJWKSet({ keys: [publicJwk] }));
  }
  const issuer = config.oidc.issuer;
  let keys: JWTVerifyGetKey | null = null;
  const remote: JWTVerifyGetKey = async (header, token) => {
    keys ??= createRemoteJWKSet(new URL(await discoverJwksUri(issuer)), { cooldownDuration: 30_000 });
    return keys(header, token);
  };
  return verifierFor('oidc', issuer, audience, rolesClaim, remote);
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new AuthError('unavailable', `the OIDC issuer does not answer at ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new AuthError('unavailable', `the OIDC issuer answered ${response.status} at ${url}`);
  const body = (await response.json()) as { jwks_uri?: unknown; issuer?: unknown };
  if (typeof body.jwks_uri !== 'string') throw new AuthError('unavailable', `${url} names no jwks_uri`);
  return body.jwks_uri;
}

/** Verified tokens, kept until they expire: verification is the costliest step of a request. */
const CACHE_LIMIT = 10_000;

function verifierFor(mode: Authenticator['mode'], issuer: string, audience: string, rolesClaim: string, keys: JWTVerifyGetKey): Authenticator {
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
      try {
        ({ payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ALGORITHMS, requiredClaims: ['sub', 'exp'] }));
      } catch (error) {
        throw asAuthError(error);
      }
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
    case 'ERR_JWKS_TIMEOUT':
      return new AuthError('unavailable', 'the OIDC issuer\'s keys could not be fetched in time');
    case 'ERR_JOSE_GENERIC':
      // jose's "Expected 200 OK from the JSON Web Key Set HTTP response" and the like.
      return new AuthError('unavailable', 'the OIDC issuer\'s keys could not be fetched');
    default:
      if (error instanceof TypeError || error instanceof SyntaxError) return new AuthError('unavailable', 'the OIDC issuer\'s keys could not be fetched');
      return new AuthError('malformed', 'the bearer token is not a valid signed JWT');
  }
}
