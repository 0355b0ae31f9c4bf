import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.ts';
import { HAVE_CHROMIUM, servePage, signIn, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * Where the RIEC decides and the interventieteam acts, in Chromium: the notice that a score
 * is a signal, not evidence; for the RIEC the whole basis of a proposal behind a toggle —
 * what raises the score and what lowers it, the chance against the base rate; for the
 * team, the legal basis each control rests on (not the RIEC's reason, which could tell a
 * sample's control from the list's).
 */
const SHOTS = join(REPO, 'test-results');
const SLOW = 240_000;
const PURPOSE = 'Beoordeling voorstellen, zaak RIEC-2026-46';

describe.skipIf(!HAVE_CHROMIUM)('the basis of a signal in Chromium', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;
  const violations: string[] = [];
  let queued: number;
  let older: number;
  let approved: number;

  async function call(role: 'analist' | 'riec', path: string, body: object): Promise<{ id: number }> {
    const res = await service.http
      .post(`/api/v1${path}`)
      .auth(await service.token(role, role === 'riec' ? 'rik' : 'ana'), { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send(body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body as { id: number };
  }

  async function propose(rank: number): Promise<number> {
    const { rows } = await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores WHERE rank = $1', [rank]);
    return (await call('analist', '/signals', { addressId: rows[0]!.address_id, reason: 'Hoog stroomverbruik en meldingen' })).id;
  }

  beforeAll(async () => {
    await trainedCity(db.pool, temporaryDirectory('web-basis-city'));
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    site = await servePage(service.app.app);
    mkdirSync(SHOTS, { recursive: true });
    queued = await propose(2);
    // A proposal made before the basis was kept with it.
    older = await propose(3);
    await db.pool.query("UPDATE signals SET explanation = explanation - 'basis' WHERE id = $1", [older]);
    approved = await propose(4);
    await call('riec', `/signals/${approved}/decision`, {
      decision: 'approve',
      legalBasis: 'art. 13b Opiumwet',
      reason: 'Voldoende aanleiding: verbruik en meldingen',
      priority: 1,
    });
  }, SLOW);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  it(
    'riec: the notice, and behind a toggle what raises and what lowers the score and the chance against the base rate',
    async () => {
      const page = await signIn(site, 'riec', { violations, purpose: PURPOSE });
      const card = page.locator(`article[data-signal="${queued}"]`);
      await card.waitFor();
      expect(await page.locator('#signal-notice').textContent()).toContain('geen bewijs');
      const details = card.locator('details.full-basis');
      expect(await details.getAttribute('open')).toBeNull();
      expect(await details.locator('ul[data-basis="lowering"]').isVisible()).toBe(false);
      await details.locator('summary').click();
      const { rows } = await db.pool.query<{ base: number }>('SELECT avg(probability) AS base FROM risk_scores');
      const oneIn = Number((1 / Number(rows[0]!.base)).toPrecision(2)).toLocaleString('nl-NL', { maximumFractionDigits: 0 });
      expect(await details.locator('.base-rate').textContent()).toBe(`Gemiddelde woning op deze lijst: ≈ 1 op ${oneIn}`);
      expect(await details.locator('.odds').textContent()).toMatch(/× zo hoog als een gemiddelde woning, ongeveer 1 op /);
      const raising = await details.locator('ul[data-basis="raising"] li').allTextContents();
      const lowering = await details.locator('ul[data-basis="lowering"] li').allTextContents();
      expect(raising.length).toBeGreaterThan(0);
      expect(lowering.length).toBeGreaterThan(0);
      for (const r of raising) expect(r).toContain('verhoogt');
      for (const r of lowering) expect(r).toContain('verlaagt');
      // An older proposal says its full basis was not kept, rather than showing nothing.
      const old = page.locator(`article[data-signal="${older}"] details.full-basis`);
      await old.locator('summary').click();
      expect(await old.locator('p').textContent()).toBe('Bij dit oudere voorstel is de volledige onderbouwing niet bewaard.');
      await page.screenshot({ path: join(SHOTS, 'riec-basis.png'), fullPage: true });
      await page.context().close();
    },
    SLOW,
  );

  it(
    "interventieteam: the notice, and the legal basis of each control's approval, read-only, without the RIEC's free-text reason",
    async () => {
      const page = await signIn(site, 'interventieteam', { violations, purpose: PURPOSE });
      const row = page.locator(`#controls tr[data-control="${approved}"]`);
      await row.waitFor();
      expect(await page.locator('#signal-notice').textContent()).toContain('geen bewijs');
      expect(await row.locator('.legal-basis').textContent()).toBe('Rechtsgrond: art. 13b Opiumwet');
      // Not the RIEC's reason: free text may tell a sample's control from the list's, which the team is not told.
      expect(await row.textContent()).not.toContain('Voldoende aanleiding: verbruik en meldingen');
      expect(await row.locator('.decision-basis input, .decision-basis textarea').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'team-basis.png') });
      await page.context().close();
      expect(violations).toEqual([]);
    },
    SLOW,
  );
});
