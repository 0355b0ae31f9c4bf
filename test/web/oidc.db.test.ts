import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, servePage, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, type TestService } from '../support/service.ts';

/**
 * With an OIDC issuer configured, the page signs in with the authorization code flow and
 * PKCE against that issuer (oauth2-mock-server, a real HTTP issuer), and the demo sign-in
 * is gone: the page does not offer it and the service does not serve it.
 */

describe.skipIf(!HAVE_CHROMIUM)('web page sign-in through an OIDC issuer', () => {
  const db = useTestDatabase();
  const issuer = new OAuth2Server();
  let service: TestService;
  let site: ServedPage;
  const challenges: string[] = [];

  beforeAll(async () => {
    await issuer.issuer.keys.generate('RS256');
    await issuer.start(0, '127.0.0.1');
    issuer.service.on('beforeAuthorizeRedirect', (_uri: unknown, req: { url?: string }) => {
      challenges.push(new URL(req.url ?? '', 'http://x').searchParams.get('code_challenge_method') ?? '');
    });
    issuer.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
      token.payload.aud = 'hennep-risk';
      token.payload.sub = 'auditor-via-oidc';
      token.payload.roles = ['auditor'];
    });
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_OIDC_ISSUER: issuer.issuer.url! }) });
    site = await servePage(service.app.app);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await issuer.stop();
  });

  it('offers no demo sign-in, and the service does not serve one', async () => {
    const res = await service.http.post('/auth/demo-sign-in').send({ role: 'beheerder', name: 'someone' });
    expect(res.status).toBe(404);
    expect((await service.http.get('/auth/config')).body).toMatchObject({
      mode: 'oidc',
      demoSignIn: false,
      issuer: issuer.issuer.url,
      clientId: 'hennep-risk',
    });
  });

  it('signs in with the code flow and PKCE (S256) and shows the role from the token', async () => {
    const page = await site.browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
    });
    await page.goto(site.base);
    expect(await page.locator('button[data-role]').count()).toBe(0);
    await page.locator('#oidc-sign-in').click();
    await page.locator('#audit-log').waitFor();
    expect(challenges).toEqual(['S256']);
    expect(await page.locator('#who').textContent()).toContain('auditor');
    expect(new URL(page.url()).search).toBe('');
    expect(violations).toEqual([]);
    const { rows } = await db.pool.query(`SELECT actor, role FROM audit_log WHERE path = '/api/v1/audit-log' ORDER BY seq DESC LIMIT 1`);
    expect(rows).toEqual([{ actor: 'auditor-via-oidc', role: 'auditor' }]);
    await page.close();
  }, 60_000);
});
