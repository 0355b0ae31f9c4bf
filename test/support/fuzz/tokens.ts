import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import type { Config } from '../../../config/index.ts';
import { EMBEDDED_ISSUER } from '../../../service/auth/index.ts';
import { ROLES, type Role } from '../../../service/permissions.ts';
import { strangerKey } from '../service.ts';

/**
 * The Authorization headers a fuzz request may carry: a token per role and some with
 * several or no roles, which the service must accept, and every kind it must refuse with
 * 401 — none, not a JWT, expired, another issuer's or audience's, tampered, unsigned, and
 * ones signed by the issuer itself whose `sub` cannot name anybody in the audit log.
 */
export interface TokenKind {
  label: string;
  /** The Authorization header, or null for none. */
  header: string | null;
  /** The subject the audit log names; null when the token must be refused with 401. */
  subject: string | null;
  roles: readonly Role[];
}

type Claims = Record<string, unknown>;

/** A token of the embedded issuer with any claims at all (its key is in the data directory). */
async function issuerSigner(config: Config): Promise<(claims: Claims, header?: Claims) => Promise<string>> {
  const jwk = JSON.parse(await readFile(join(config.dataDir, 'keys', 'issuer-key.jwk.json'), 'utf8')) as JWK;
  const key = await importJWK(jwk, 'ES256');
  return (claims, header = {}) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'JWT', ...header }).sign(key);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Every kind of token, made once: the authenticator's cache then serves most of them. */
export async function tokenKinds(config: Config): Promise<TokenKind[]> {
  const sign = await issuerSigner(config);
  const now = Math.floor(Date.now() / 1000);
  // Long enough for `npm run fuzz` runs of hours.
  const base = (sub: unknown, roles: unknown): Claims => ({
    iss: EMBEDDED_ISSUER,
    aud: config.oidc.audience,
    sub,
    [config.oidc.rolesClaim]: roles,
    iat: now,
    exp: now + 24 * 3600,
  });
  const bearer = async (claims: Claims, header?: Claims) => `Bearer ${await sign(claims, header)}`;
  const accepted = async (label: string, sub: string, roles: Role[], claimed: unknown = roles): Promise<TokenKind> => ({
    label,
    header: await bearer(base(sub, claimed)),
    subject: sub,
    roles,
  });
  const refused = (label: string, header: string | null): TokenKind => ({ label, header, subject: null, roles: [] });

  const valid = await bearer(base('fuzz-tampered', ['analist']));
  const [head, payload, signature] = valid.slice('Bearer '.length).split('.') as [string, string, string];
  const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
  const stranger = await strangerKey();

  return [
    ...(await Promise.all(ROLES.map((role) => accepted(role, `fuzz-${role}`, [role])))),
    await accepted('analist and riec', 'fuzz-analist-riec', ['analist', 'riec']),
    await accepted('beheerder and auditor as one text claim', 'fuzz-beheerder-auditor', ['beheerder', 'auditor'], 'beheerder auditor'),
    await accepted('no roles', 'fuzz-no-roles', []),
    await accepted('an unknown role only', 'fuzz-unknown-role', [], ['admin']),
    refused('none', null),
    refused('Basic credentials', 'Basic ZnV6ejpmdXp6'),
    refused('Bearer without a token', 'Bearer'),
    refused('not a JWT', 'Bearer not-a-jwt'),
    refused('expired', await bearer({ ...base('fuzz-expired', ['analist']), iat: now - 7200, exp: now - 3600 })),
    refused('not valid yet', await bearer({ ...base('fuzz-early', ['analist']), nbf: now + 3600 })),
    refused('another audience', await bearer({ ...base('fuzz-audience', ['analist']), aud: 'another-service' })),
    refused('another issuer named', await bearer({ ...base('fuzz-issuer', ['analist']), iss: 'https://login.example.org' })),
    refused('signed by another key', `Bearer ${await stranger.sign(base('fuzz-stranger', ['analist']))}`),
    refused('tampered signature', `Bearer ${head}.${payload}.${flipped}`),
    refused('unsigned (alg none)', `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(base('fuzz-none', ['analist']))}.`),
    refused('a DPoP proof, not an access token', await bearer(base('fuzz-dpop', ['analist']), { typ: 'dpop+jwt' })),
    refused('no sub', await bearer({ ...base(undefined, ['analist']) })),
    // Signed by the issuer, but the subject cannot be told apart in the audit log.
    ...(await Promise.all(
      (
        [
          ['a number', 42],
          ['an object', { id: 'fuzz' }],
          ['a list', ['fuzz']],
          ['true', true],
          ['empty', ''],
          ['"system"', 'system'],
          ['"anonymous"', 'anonymous'],
        ] as const
      ).map(async ([what, sub]) =>
        refused(`sub ${what}`, await bearer(base(sub, ['analist', 'riec', 'interventieteam', 'beheerder', 'auditor']))),
      ),
    )),
  ];
}
