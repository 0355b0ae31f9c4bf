import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.ts';
import { HAVE_CHROMIUM, readRiskList, servePage, signIn, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The analist's risk list in Chromium: searched by postcode or by street and house number,
 * sorted by address, with the count the search leaves written as nl-NL (en-GB in
 * English), each address's signal and its status, and the reasons still there at tablet
 * width.
 */
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };

const SHOTS = join(REPO, 'test-results');
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning, zaak RIEC-2026-44';

describe.skipIf(!HAVE_CHROMIUM)('the risk list in Chromium', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;
  const violations: string[] = [];
  /** An address proposed through the API before the tests, and its postcode. */
  let proposed: { addressId: string; postcode: string; street: string; houseNumber: number };

  beforeAll(async () => {
    await trainedCity(db.pool, temporaryDirectory('web-list-city'));
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    site = await servePage(service.app.app);
    mkdirSync(SHOTS, { recursive: true });
    const { rows } = await db.pool.query<{ address_id: string; postcode: string; street: string; house_number: number }>(
      'SELECT s.address_id, a.postcode, a.street, a.house_number FROM risk_scores s JOIN addresses a USING (address_id) WHERE s.rank = 5',
    );
    const r = rows[0]!;
    proposed = { addressId: r.address_id, postcode: r.postcode, street: r.street, houseNumber: r.house_number };
    const res = await service.http
      .post('/api/v1/signals')
      .auth(await service.token('analist', 'ana'), { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ addressId: r.address_id, reason: 'Hoog stroomverbruik en meldingen van buren' });
    expect(res.status).toBe(201);
  }, SLOW);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  const analist = (width = 1280) => signIn(site, 'analist', { width, violations, purpose: PURPOSE });

  async function search(page: Page, text: string, sort?: 'rank' | 'address'): Promise<void> {
    await page.getByLabel('Zoek op adres of postcode').fill(text);
    if (sort) await page.locator('#sort').selectOption(sort);
    await page.getByRole('button', { name: 'Filteren' }).click();
  }

  const rowOf = (page: Page, addressId: string) => page.locator(`#risk-table tbody tr[data-address="${addressId}"]`);

  it(
    'finds the addresses of a postcode typed with a space, counts them, and shows the proposal made on one as proposed',
    async () => {
      const page = await analist();
      await readRiskList(page);
      // Unfiltered, the list's size is said once (above the table), not again as a count of matches.
      expect(await page.locator('#matching').isHidden()).toBe(true);
      expect(await page.locator('section > p.muted').first().textContent()).toContain('3.000 adressen');
      const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses WHERE postcode = $1', [
        proposed.postcode,
      ]);
      await search(page, `${proposed.postcode.slice(0, 4)} ${proposed.postcode.slice(4).toLowerCase()}`);
      await page.locator('#matching', { hasText: `${rows[0]!.n} van 3.000 adressen` }).waitFor();
      const postcodes = await page.locator('#risk-table tbody tr td:nth-child(2) a').allTextContents();
      expect(postcodes).toHaveLength(rows[0]!.n);
      for (const text of postcodes) expect(text.endsWith(proposed.postcode)).toBe(true);
      const signal = rowOf(page, proposed.addressId).locator('td.signal');
      expect(await signal.textContent()).toMatch(/^#\d+ voorgesteld$/);
      expect(await rowOf(page, proposed.addressId).locator('td.signal a').getAttribute('data-status')).toBe('proposed');
      // Another address of the postcode has no signal.
      const others = page.locator('#risk-table tbody tr', { hasNot: page.locator('td.signal a') });
      if (rows[0]!.n > 1) expect(await others.first().locator('td.signal').textContent()).toBe('geen');
      // The search is kept in the address bar, so a reload shows it again.
      expect(page.url()).toContain('q=');
      await page.context().close();
    },
    SLOW,
  );

  it(
    'finds an address by street and house number and sorts the whole list by address',
    async () => {
      const page = await analist();
      await readRiskList(page);
      await search(page, `${proposed.street} ${proposed.houseNumber}`);
      await page.waitForURL(/q=/);
      await page.locator('#matching', { hasText: 'van 3.000 adressen' }).waitFor();
      await rowOf(page, proposed.addressId).waitFor();
      // A street that begins so, and exactly this house number (with or without a suffix).
      for (const text of await page.locator('#risk-table tbody tr td:nth-child(2) a').allTextContents()) {
        expect(text.startsWith(proposed.street)).toBe(true);
        expect(text).toMatch(new RegExp(` ${proposed.houseNumber}( [^,]+)?, `));
      }

      await search(page, '', 'address');
      await page.waitForURL(/sort=address/);
      await page.locator('#matching[hidden]').waitFor({ state: 'attached' });
      const list = await readRiskList(page);
      const { rows } = await db.pool.query<{ address_id: string }>(
        "SELECT address_id FROM addresses ORDER BY street, house_number, coalesce(house_suffix, ''), address_id LIMIT 50",
      );
      expect(list.map((r) => r.addressId)).toEqual(rows.map((r) => r.address_id));
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.locator('section > p.muted', { hasText: '3,000 addresses' }).first().waitFor();
      expect(await page.locator('#matching').isHidden()).toBe(true);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'keeps the reasons at tablet width (800 px): each address shows them, and the page does not scroll sideways',
    async () => {
      const page = await analist(800);
      const list = await readRiskList(page);
      expect(list[0]!.reasons.length).toBeGreaterThan(0);
      const reasons = page.locator('#risk-table tbody tr').first().locator('ul.reasons');
      expect(await reasons.isVisible()).toBe(true);
      const box = (await reasons.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(800);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, 'risk-list-tablet.png'), fullPage: false });
      await page.context().close();
      expect(violations).toEqual([]);
    },
    SLOW,
  );
});
