import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.ts';
import { HAVE_CHROMIUM, servePage, signIn, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, listedCity, type TestService } from '../support/service.ts';
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
    await listedCity(db.pool, temporaryDirectory('web-address-city'));
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

  it(
    "shows the address's dossier at the top — earlier controls, the RIEC's decisions with legal basis and reason — the proposal form before the explanation, and prints without the navigation",
    async () => {
      // An address high on the list (not the top one, which other tests use) with no control of its own yet, so the dossier holds only the one added here.
      const { rows } = await db.pool.query<{ address_id: string }>(
        `SELECT s.address_id FROM risk_scores s
          WHERE s.rank >= 9 AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.address_id = s.address_id)
          ORDER BY s.rank LIMIT 1`,
      );
      const addressId = rows[0]!.address_id;
      await db.pool.query(
        "INSERT INTO inspections (inspection_id, address_id, inspected_on, reason, outcome) VALUES ('tip-web-dossier', $1, '2022-03-14', 'tip', 'cultivation')",
        [addressId],
      );
      const as = async (role: 'analist' | 'riec', method: 'post', path: string, body: object) => {
        const res = await service.http[method](`/api/v1${path}`)
          .auth(await service.token(role, role === 'riec' ? 'rik' : 'ana'), { type: 'bearer' })
          .set('X-Purpose', PURPOSE)
          .send(body);
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
        return res.body as { id: number };
      };
      const first = await as('analist', 'post', '/signals', { addressId, reason: 'Meldingen van buren over geur' });
      await as('riec', 'post', `/signals/${first.id}/decision`, { decision: 'reject', reason: 'Onvoldoende aanleiding: één melding, oud' });
      const second = await as('analist', 'post', '/signals', { addressId, reason: 'Nieuwe meldingen en hoog stroomverbruik' });
      await as('riec', 'post', `/signals/${second.id}/decision`, {
        decision: 'approve',
        legalBasis: 'art. 13b Opiumwet',
        reason: 'Voldoende aanleiding voor controle',
        priority: 1,
      });

      const page = await analist();
      await openAddress(page, addressId);
      const dossier = page.locator('#dossier');
      expect(await page.locator('#dossier-controls tbody tr').allTextContents()).toEqual(['14 maart 2022meldingkwekerij aangetroffen']);
      const approved = dossier.locator(`li[data-signal="${second.id}"]`);
      expect(await approved.getAttribute('data-status')).toBe('approved');
      expect(await approved.locator('.legal-basis').textContent()).toBe('Rechtsgrond: art. 13b Opiumwet · ');
      expect(await approved.locator('.decision-reason').textContent()).toBe('Voldoende aanleiding voor controle');
      const rejected = dossier.locator(`li[data-signal="${first.id}"]`);
      expect(await rejected.locator('.decision-reason').textContent()).toBe('Onvoldoende aanleiding: één melding, oud');
      // Newest first; the dossier and the proposal form come before the explanation.
      expect(await dossier.locator('li[data-signal]').evaluateAll((li) => li.map((l) => Number(l.getAttribute('data-signal'))))).toEqual([
        second.id,
        first.id,
      ]);
      const top = (sel: string) =>
        page
          .locator(sel)
          .first()
          .evaluate((el) => el.getBoundingClientRect().top);
      expect(await top('#dossier')).toBeLessThan(await top('#contributions'));
      expect(await top('#propose-form')).toBeLessThan(await top('#contributions'));

      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header.top').isVisible()).toBe(false);
      expect(await page.locator('#propose-form').isVisible()).toBe(false);
      expect(await dossier.isVisible()).toBe(true);
      expect(await page.locator('#contributions').isVisible()).toBe(true);
      await page.pdf({ path: join(SHOTS, 'address-dossier.pdf') }).catch(() => undefined);
      await page.emulateMedia({ media: 'screen' });
      await page.screenshot({ path: join(SHOTS, 'address-dossier.png'), fullPage: true });
      await page.context().close();
      expect(violations).toEqual([]);
    },
    SLOW,
  );

  it(
    'says so when an address has no history',
    async () => {
      const { rows } = await db.pool.query<{ address_id: string }>(
        'SELECT s.address_id FROM risk_scores s WHERE NOT EXISTS (SELECT 1 FROM inspections i WHERE i.address_id = s.address_id) ORDER BY rank LIMIT 1',
      );
      const page = await analist();
      await openAddress(page, rows[0]!.address_id);
      expect(await page.locator('#dossier-empty').textContent()).toBe('Bij dit adres zijn geen eerdere controles of signalen bekend.');
      await page.context().close();
    },
    SLOW,
  );
});
