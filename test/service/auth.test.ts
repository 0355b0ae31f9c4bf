import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, mintToken, parseTtl } from '../../service/auth/index.ts';
import { embeddedConfig } from '../support/service.ts';

describe('embedded issuer', () => {
  it('creates one key even when several processes start at once, readable by the owner only', async () => {
    const config = embeddedConfig();
    const [a, b, c] = await Promise.all([createAuthenticator(config), createAuthenticator(config), createAuthenticator(config)]);
    const token = await mintToken(config, { user: 'ana', roles: ['analist'], ttlSeconds: 60 });
    for (const verifier of [a!, b!, c!]) expect(await verifier.verify(token)).toMatchObject({ subject: 'ana', roles: ['analist'] });
    const file = join(config.dataDir, 'keys', 'issuer-key.jwk.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
  });

  it('ignores role names it does not know and refuses to mint when an issuer is configured', async () => {
    const config = embeddedConfig();
    const verifier = await createAuthenticator(config);
    const token = await mintToken(config, { user: 'x', roles: ['analist'], ttlSeconds: 60 });
    expect((await verifier.verify(token)).roles).toEqual(['analist']);
    await expect(
      mintToken(embeddedConfig({ HENNEP_OIDC_ISSUER: 'https://login.example.nl/realms/gemeente' }), {
        user: 'x',
        roles: ['analist'],
        ttlSeconds: 60,
      }),
    ).rejects.toThrow('HENNEP_OIDC_ISSUER is set');
  });

  it('refuses to mint a token under a name the service writes its own audit entries as', async () => {
    const config = embeddedConfig();
    for (const user of ['system', 'anonymous', 'cli:root', 'job:host', ' ', 'a\u200bb']) {
      await expect(mintToken(config, { user, roles: ['beheerder'], ttlSeconds: 60 }), JSON.stringify(user)).rejects.toThrow(/^--user/);
    }
  });

  it('reads token lifetimes as seconds, minutes, hours or days, within a week', () => {
    expect(parseTtl('8h')).toBe(28_800);
    expect(parseTtl('30m')).toBe(1800);
    expect(parseTtl('90')).toBe(90);
    expect(() => parseTtl('8 hours')).toThrow('--ttl');
    expect(() => parseTtl('8d')).toThrow('7 days');
  });
});
