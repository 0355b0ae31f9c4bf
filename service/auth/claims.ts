/**
 * What a token must say beyond a valid signature, issuer, audience and expiry (checked by
 * jose): its type, the party it was issued to, its subject and its lifetime; and the
 * principal it names.
 */
import type { JWTPayload } from 'jose';
import { isReservedActor } from '../../db/index.ts';
import { isRole } from '../permissions.ts';
import type { Principal } from './principal.ts';

/**
 * Token types (the `typ` header, RFC 8725 §3.11) that may be a bearer token here: JWT
 * (most issuers' access tokens, ID tokens and the embedded issuer's) and at+jwt (RFC 9068).
 * Another declared type is another kind of JWT — a DPoP proof, a logout token — which the
 * issuer signs too but which must not pass for an access token. A missing `typ` is
 * accepted: many issuers leave it out. Compared as media types (RFC 7515 §4.1.9): without
 * case and with the `application/` prefix optional.
 */
const ACCEPTED_TYPES = ['JWT', 'at+jwt'];

export function typeRefusal(typ: unknown): string | null {
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
export function partyRefusal(payload: JWTPayload, audience: string, clientId: string): string | null {
  if (payload.azp === undefined) return null;
  if (payload.azp === audience || payload.azp === clientId) return null;
  return `the token was issued to another party (azp ${JSON.stringify(payload.azp)}): accepted are the audience ${audience} and the web client ${clientId}`;
}

/**
 * The subject is what the audit log records as the actor: a non-empty string of printable
 * characters, and not a name the service writes its own entries under.
 */
const SUBJECT_MAX = 256;

export function subjectRefusal(sub: unknown, what = "the token's subject (sub)"): string | null {
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

export function lifetimeRefusal(payload: JWTPayload, now: number): string | null {
  const { exp, iat } = payload;
  if (typeof exp === 'number' && exp - now > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
    return `the token is valid until ${new Date(exp * 1000).toISOString()}: tokens valid for more than 7 days are refused; have the issuer issue shorter-lived tokens`;
  }
  if (iat !== undefined && typeof iat !== 'number') return "the token's issued-at time (iat) is not a number";
  if (typeof iat === 'number' && iat > now + CLOCK_SKEW_SECONDS)
    return `the token was issued in the future (iat ${new Date(iat * 1000).toISOString()}): check the issuer's clock`;
  return null;
}

/** The principal a verified token's claims name; roles come from `rolesClaim`, unknown role names are ignored. */
export function principalOf(payload: JWTPayload, rolesClaim: string): Principal {
  const raw = claimAt(payload, rolesClaim);
  const names = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles = [...new Set(names.filter(isRole))];
  const name =
    typeof payload.name === 'string'
      ? payload.name
      : typeof payload.preferred_username === 'string'
        ? payload.preferred_username
        : payload.sub!;
  return { subject: payload.sub!, name, roles, expiresAt: payload.exp! };
}

/** A claim by dotted path (`realm_access.roles` in Keycloak tokens). */
function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}
