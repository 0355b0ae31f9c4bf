import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../cli/commands/demo.ts';
import { ConfigError, loadConfig } from '../../config/index.ts';
import { HAVE_CHROMIUM, openPage, servePage, submitToken, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, type TestService } from '../support/service.ts';

/**
 * The demo sign-in hands a token for any role to anyone who reaches the service, so it is
 * an explicit opt-in (HENNEP_DEMO_SIGN_IN=on, which `hennep demo` sets): `hennep serve`
 * with the embedded issuer offers only a sign-in with a token from `hennep token`.
 */

describe('demo sign-in is an explicit opt-in', () => {
  const db = useTestDatabase();

  it('is off by default: /auth/config says so and POST /auth/demo-sign-in is not served', async () => {
    const service = await testService(db.pool);
    expect((await service.http.get('/auth/config')).body).toMatchObject({ mode: 'embedded', demoSignIn: false, issuer: null });
    const res = await service.http.post('/auth/demo-sign-in').send({ role: 'beheerder', name: 'someone' });
    expect(res.status).toBe(404);
  });

  it('with HENNEP_DEMO_SIGN_IN=on gives a working token and records the sign-in', async () => {
    const service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    expect((await service.http.get('/auth/config')).body).toMatchObject({ mode: 'embedded', demoSignIn: true });
    const res = await service.http.post('/auth/demo-sign-in').send({ role: 'auditor', name: 'Demo Person' });
    expect(res.status).toBe(201);
    const me = await service.http.get('/api/v1/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ subject: 'demo-person', roles: ['auditor'] });
    await service.app.drain();
    const { rows } = await db.pool.query<{ actor: string; role: string }>(
      `SELECT actor, role FROM audit_log WHERE action = 'session:demo-sign-in'`,
    );
    expect(rows).toEqual([{ actor: 'demo-person', role: 'auditor' }]);
  });

  it('is refused together with an OIDC issuer, naming both settings', () => {
    expect(() => loadConfig({ HENNEP_DEMO_SIGN_IN: 'on', HENNEP_OIDC_ISSUER: 'https://login.example.nl/realms/gemeente' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ HENNEP_DEMO_SIGN_IN: 'on', HENNEP_OIDC_ISSUER: 'https://login.example.nl/realms/gemeente' })).toThrow(
      /HENNEP_DEMO_SIGN_IN=on with HENNEP_OIDC_ISSUER=https:\/\/login\.example\.nl/,
    );
    expect(() => loadConfig({ HENNEP_DEMO_SIGN_IN: 'yes' })).toThrow(/HENNEP_DEMO_SIGN_IN/);
  });

  it('is refused on a listen address beyond this machine, and the demo leaves it off there', () => {
    expect(() => loadConfig({ HENNEP_DEMO_SIGN_IN: 'on', HENNEP_HOST: '0.0.0.0' })).toThrow(
      /HENNEP_DEMO_SIGN_IN=on with HENNEP_HOST=0\.0\.0\.0/,
    );
    expect(() => loadConfig({ HENNEP_DEMO_SIGN_IN: 'on', HENNEP_HOST: '192.168.1.20' })).toThrow(ConfigError);
    for (const host of ['127.0.0.1', '127.0.1.1', '::1', 'localhost'])
      expect(loadConfig({ HENNEP_DEMO_SIGN_IN: 'on', HENNEP_HOST: host }).demoSignIn, host).toBe(true);
    expect(demoConfig({}).demoSignIn).toBe(true);
    expect(demoConfig({ HENNEP_HOST: '0.0.0.0' }).demoSignIn).toBe(false);
    expect(demoConfig({ HENNEP_OIDC_ISSUER: 'https://login.example.nl/realms/gemeente' }).demoSignIn).toBe(false);
    expect(demoConfig({ HENNEP_DEMO_SIGN_IN: 'off' }).demoSignIn).toBe(false);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('web page without demo sign-in', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;

  beforeAll(async () => {
    service = await testService(db.pool);
    site = await servePage(service.app.app);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  it('offers no role buttons, refuses a bad token with the reason, and signs in with a token from hennep token', async () => {
    const page = await openPage(site);
    await page.locator('#token-sign-in').waitFor();
    expect(await page.locator('button[data-role]').count()).toBe(0);
    expect(await page.locator('#sign-in-title').textContent()).toBe('Aanmelden');

    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    const refusal = page.locator('.bad[role="alert"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/token/i);

    // A paste with characters no header can carry: said on the page, not lost in the console.
    await page.getByLabel('Token').fill('plak hier → het token');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.locator('.bad[role="alert"]').nth(1).waitFor();
    expect(await page.locator('#token-sign-in').count()).toBe(1);

    await submitToken(page, await service.token('auditor', 'token-auditor'));
    expect(await page.locator('#nav a').allTextContents()).toContain('Auditlog');
    await page.context().close();
  }, 60_000);
});
