/**
 * The embedded issuer: with no OIDC issuer configured the service is its own, with a
 * signing key kept in the data directory and tokens minted by `hennep token` (and the
 * demo sign-in).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Config } from '../../config/index.ts';
import { placeKeyFile } from '../key-file.ts';
import type { Role } from '../permissions.ts';
import { subjectRefusal } from './claims.ts';

/** The `iss` of the embedded issuer's tokens. */
export const EMBEDDED_ISSUER = 'urn:hennep-risk:embedded-issuer';
const EMBEDDED_ALGORITHM = 'ES256';
const KEY_FILE = 'issuer-key.jwk.json';

export interface EmbeddedKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The embedded issuer's key pair, created (mode 0600) on first use. */
export async function embeddedKey(dataDir: string): Promise<EmbeddedKey> {
  const file = join(dataDir, 'keys', KEY_FILE);
  try {
    const privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
    const { d: _d, ...publicJwk } = privateJwk;
    return { privateJwk, publicJwk };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`${file}: the embedded issuer's key does not read: ${(error as Error).message}`);
  }
  const { privateKey } = await generateKeyPair(EMBEDDED_ALGORITHM, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), alg: EMBEDDED_ALGORITHM, use: 'sig', kid: `hennep-${Date.now().toString(36)}` };
  if (!(await placeKeyFile(file, JSON.stringify(privateJwk)))) return embeddedKey(dataDir);
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk };
}

/** Mints a token of the embedded issuer (`hennep token`, the demo and the demo sign-in). */
export async function mintToken(config: Config, who: { user: string; roles: readonly Role[]; ttlSeconds: number }): Promise<string> {
  if (config.oidc.issuer)
    throw new Error(`HENNEP_OIDC_ISSUER is set (${config.oidc.issuer}): tokens come from that issuer, not from hennep`);
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
