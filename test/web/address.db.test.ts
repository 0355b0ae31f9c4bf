import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.ts';
import { HAVE_CHROMIUM, servePage, signIn, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The analist's address page in Chromium: the probability says what it is the chance of,
 * against the list's base rate, in one plain sentence ("≈ 150 × zo hoog …, ongeveer 1 op
 * 7") in nl-NL and en-GB numbers; the logit is folded away beneath it.
 */
// The browser's global, for the function page.evaluate runs there: test/ is type-checked without the DOM library.
declare const getComputedStyle: (el: unknown) => { fontSize: string };

const SHOTS = join(REPO, 'test-results');
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning, zaak RIEC-2026-45';

/** Two significant digits, as the page rounds a "1 in N" and a "× as high". */
const two = (x: number) => Number(x.toPrecision(2));

describe.skipIf(!HAVE_CHROMIUM)('the address page in Chromium', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;
  const violations: string[] = [];
  let top: { addressId: string; probability: number; base: number };

  beforeAll(async () => {
    await trainedCity(db.pool, temporaryDirectory('web-address-city'));
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    site = await servePage(service.app.app);
    mkdirSync(SHOTS, { recursive: true });
    const { rows } = await db.pool.query<{ address_id: string; probability: number; base: number }>(
      'SELECT address_id, probability, (SELECT avg(probability) FROM risk_scores) AS base FROM risk_scores WHERE rank = 1',
    );
    top = { addressId: rows[0]!.address_id, probability: rows[0]!.probability, base: Number(rows[0]!.base) };
  }, SLOW);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  const analist = () => signIn(site, 'analist', { violations, purpose: PURPOSE });

  async function openAddress(page: Page, addressId: string): Promise<void> {
    await page.goto(`${site.base}/#/address/${addressId}`);
    await page.locator('#contributions').waitFor();
  }

  it(
    'says what the probability is the chance of, against the base rate, in a plain sentence; the logit folded away and smaller',
    async () => {
      const page = await analist();
      await openAddress(page, top.addressId);
      const times = two(top.probability / top.base);
      const nl = (x: number, digits = 0) => x.toLocaleString('nl-NL', { maximumFractionDigits: digits });
      expect(await page.locator('#probability-meaning').textContent()).toBe('kans dat een controle dit jaar een kwekerij vindt');
      expect(await page.locator('#base-rate').textContent()).toBe(`Gemiddelde woning op deze lijst: ≈ 1 op ${nl(two(1 / top.base))}`);
      expect(await page.locator('#odds').textContent()).toBe(
        `≈ ${nl(times, times < 10 ? 1 : 0)} × zo hoog als een gemiddelde woning, ongeveer 1 op ${nl(Math.max(1, two(1 / top.probability)))}.`,
      );
      // The logit: behind a toggle, closed, and not in the large type of the probability.
      const logit = page.locator('#logit');
      expect(await logit.getAttribute('open')).toBeNull();
      expect(await logit.locator('p').first().isVisible()).toBe(false);
      await logit.locator('summary').click();
      expect(await logit.locator('p').first().textContent()).toMatch(/^Score \(logit\): [-−]?\d+,\d{3}$/);
      const size = (sel: string) =>
        page
          .locator(sel)
          .first()
          .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(await size('#logit p')).toBeLessThan(await size('#probability'));
      await page.screenshot({ path: join(SHOTS, 'address-chance.png') });

      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.locator('#probability-meaning', { hasText: 'chance that a control this year finds a cultivation' }).waitFor();
      const en = (x: number, digits = 0) => x.toLocaleString('en-GB', { maximumFractionDigits: digits });
      expect(await page.locator('#base-rate').textContent()).toBe(`Average home on this list: ≈ 1 in ${en(two(1 / top.base))}`);
      expect(await page.locator('#odds').textContent()).toContain(`≈ ${en(times, times < 10 ? 1 : 0)} × as high as an average home`);
      await page.context().close();
      expect(violations).toEqual([]);
    },
    SLOW,
  );
});
