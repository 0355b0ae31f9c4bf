import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.ts';
import { HAVE_CHROMIUM, servePage, signIn as signInAs, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The beheerder's model pages in Chromium: the card in the page's language (its texts
 * asked with `lang`, the English it cannot re-word marked as such), the quality figures
 * explained, and the activation of a model.
 */
const SHOTS = join(REPO, 'test-results');
const SLOW = 240_000;

interface Card {
  algoritmeregister: Record<string, string>;
}

describe.skipIf(!HAVE_CHROMIUM)("the model card in the page's language", () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;
  const violations: string[] = [];

  async function card(lang: 'nl' | 'en'): Promise<Card> {
    const res = await service.http.get(`/api/v1/models/1?lang=${lang}`).auth(await service.token('beheerder'), { type: 'bearer' });
    expect(res.status).toBe(200);
    return (res.body as { card: Card }).card;
  }

  beforeAll(async () => {
    await trainedCity(db.pool, temporaryDirectory('web-card-city'));
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    site = await servePage(service.app.app);
    mkdirSync(SHOTS, { recursive: true });
  }, SLOW);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  it(
    "beheerder: the Dutch page shows the card's Dutch texts, names events and statuses in Dutch, and marks the English it cannot re-word",
    async () => {
      const [nl, en] = [await card('nl'), await card('en')];
      const page = await signInAs(site, 'beheerder', { violations });
      expect(await page.locator('#models tbody .status').first().textContent()).toBe('actief');
      await page.locator('#models a').first().click();
      const short = page.locator('#short-description');
      await short.waitFor();
      expect(await short.textContent()).toBe(nl.algoritmeregister.shortDescription);
      expect(nl.algoritmeregister.shortDescription).not.toBe(en.algoritmeregister.shortDescription);
      expect(await short.evaluate((el) => el.closest('[lang="en"]'))).toBeNull();
      for (const field of ['riskManagement', 'technicalWorking', 'legalBasis']) {
        expect(await page.locator(`#algoritmeregister dd[data-field="${field}"]`).textContent(), field).toBe(nl.algoritmeregister[field]);
      }
      expect(await page.locator('h1 .status').textContent()).toBe('actief');
      expect(await page.locator('#events td:nth-child(2)').allTextContents()).toEqual(['geregistreerd', 'gepromoveerd na de poort']);
      // The city's only model found none active: a reason the service re-words; any other is the English stored at training, marked.
      expect(await page.locator('#gate-reasons li').first().textContent()).toBe('er was geen actief model');
      for (const li of await page.locator('#gate-reasons li:has([data-original])').all())
        expect(await li.locator('span').first().getAttribute('lang')).toBe('en');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.locator('#short-description', { hasText: en.algoritmeregister.shortDescription }).waitFor();
      expect(await page.locator('h1 .status').textContent()).toBe('active');
      expect(await page.locator('#gate-reasons li').first().textContent()).toBe('no model was active');
      await page.context().close();
    },
    SLOW,
  );

  it(
    "beheerder: every quality figure explained in a line, AP with the finds it rests on, the shape plots titled by the catalogue's label",
    async () => {
      const detail = await service.http.get('/api/v1/models/1').auth(await service.token('beheerder'), { type: 'bearer' });
      type Test = { positives: number; averagePrecision: number; averagePrecisionInterval: { low: number; high: number } };
      const test = (detail.body as { card: { model: { test: Test } } }).card.model.test;
      const features = await service.http.get('/api/v1/features?lang=nl').auth(await service.token('beheerder'), { type: 'bearer' });
      const labels = new Map(
        (features.body as { items: Array<{ name: string; description: string }> }).items.map((f) => [f.name, f.description]),
      );
      const page = await signInAs(site, 'beheerder', { violations });
      await page.goto(`${site.base}#/models/1`);
      const ap = page.locator('#metrics tr[data-metric="ap"]');
      await ap.waitFor();
      const nl = (x: number) => x.toLocaleString('nl-NL', { minimumFractionDigits: 4, maximumFractionDigits: 4 });
      const { low, high } = test.averagePrecisionInterval;
      expect(low).toBeLessThan(high);
      // The AP with how far one year's finds could move it, and the finds it rests on.
      expect(await ap.locator('td').first().textContent()).toBe(
        `${nl(test.averagePrecision)} (90%-interval ${nl(low)}–${nl(high)}, over steekproeven van de adressen) — berust op ${test.positives} vondsten`,
      );
      expect(await ap.locator('td.metric-help').textContent()).toMatch(/^Gemiddelde precisie \(average precision\): /);
      for (const metric of ['at-100', 'brier', 'ece'])
        expect((await page.locator(`#metrics tr[data-metric="${metric}"] td.metric-help`).textContent())!.length, metric).toBeGreaterThan(
          30,
        );
      expect(await page.locator('#metrics tr[data-metric="at-100"] td.metric-help').textContent()).toContain('lift');
      const shapes = page.locator('#shapes figure');
      expect(await shapes.count()).toBe(57);
      const kwh = page.locator('#shapes figure[data-feature="kwh_per_m2"] figcaption');
      expect(await kwh.locator('.feature-label').textContent()).toBe(labels.get('kwh_per_m2'));
      expect(await kwh.locator('code').textContent()).toBe('kwh_per_m2');
      expect(labels.get('kwh_per_m2')).not.toBe('kwh_per_m2');
      // Error bars: the spread across the outer bags drawn as a band, and what the band means said once.
      expect(await page.locator('#shapes figure[data-feature="kwh_per_m2"] svg path.band').count()).toBe(1);
      expect(await page.locator('#shape-band').textContent()).toContain('standaardafwijking');
      // A shape the catalogue declares monotone says so; one it does not, says nothing.
      expect(
        await page.locator('#shapes figure[data-feature="months_since_anonymous_tip"] [data-monotone]').getAttribute('data-monotone'),
      ).toBe('decreasing');
      expect(await page.locator('#shapes figure[data-feature="kwh_per_m2"] [data-monotone]').count()).toBe(0);
      await page.locator('#shapes').screenshot({ path: join(SHOTS, 'beheerder-shapes.png') });
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.locator('#metrics tr[data-metric="ap"] td', { hasText: 'rests on' }).first().waitFor();
      expect(await page.locator('#shapes figure[data-feature="kwh_per_m2"] .feature-label').textContent()).not.toBe(
        labels.get('kwh_per_m2'),
      );
      await page.context().close();
    },
    SLOW,
  );

  it(
    'switched off: the analist is told the beheerder switched the model off and that no list comes until one is activated; the beheerder reactivates it from the top of its page',
    async () => {
      const off = await service.http
        .post('/api/v1/model/disable')
        .auth(await service.token('beheerder'), { type: 'bearer' })
        .send({ reason: 'Controle van de invoergegevens na een storing' });
      expect(off.status).toBe(200);
      const analist = await signInAs(site, 'analist', { violations, purpose: 'Onderzoek ondermijning, zaak RIEC-2026-12' });
      const box = analist.locator('[data-error-code="model_disabled"] .error-text');
      await box.waitFor();
      // With when: the day the switch-off was recorded, in nl-NL.
      const today = new Date().toLocaleDateString('nl-NL');
      expect(await box.textContent()).toMatch(
        /^Het model is op \S+ \S+ uitgeschakeld door de beheerder\. Er is geen risicolijst beschikbaar totdat een beheerder weer een model activeert/,
      );
      expect(await box.textContent()).toContain(today);
      await analist.screenshot({ path: join(SHOTS, 'analist-model-off.png') });

      const page = await signInAs(site, 'beheerder', { violations });
      await page.goto(`${site.base}#/models/1`);
      const form = page.locator('#activate-form');
      await form.waitFor();
      // Near the top: before the card's figures, and named a re-activation, since the model was active before.
      expect(await form.evaluate((el) => Boolean(el.compareDocumentPosition(el.ownerDocument.querySelector('#metrics')!) & 4))).toBe(true);
      expect(await form.getAttribute('data-again')).toBe('true');
      expect(await form.locator('h2').textContent()).toBe('Heractiveren');
      await page.getByLabel('Schriftelijke onderbouwing').fill('Invoergegevens gecontroleerd, het model kan weer aan');
      await form.getByRole('button', { name: 'Heractiveren' }).click();
      await page.locator('#activated').waitFor();
      expect(await page.locator('#activated').textContent()).toBe('Model 1 is geactiveerd: de risicolijst komt nu van dit model.');
      expect(await page.locator('h1 .status').textContent()).toBe('actief');
      expect(await page.locator('#activate-form').count()).toBe(0);
      expect(await page.locator('#events td:nth-child(2)').allTextContents()).toEqual([
        'geregistreerd',
        'gepromoveerd na de poort',
        'uitgeschakeld door een beheerder',
        'heractiveerd (was eerder actief of doorstond de poort)',
      ]);
      await page.screenshot({ path: join(SHOTS, 'beheerder-reactivated.png') });
      await page.context().close();
      await analist.reload();
      await analist.locator('#risk-table tbody tr').first().waitFor();
      await analist.context().close();
    },
    SLOW,
  );

  it('loaded nothing the Content-Security-Policy refused, and raised no script errors', () => {
    expect(violations).toEqual([]);
  });
});
