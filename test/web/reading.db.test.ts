import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.ts';
import { HAVE_CHROMIUM, readRiskList, servePage, signIn as signInAs, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * What the analist, the beheerder and the auditor read, in Chromium, in Dutch and in
 * English: every number in the language's format, explanations that say what is true,
 * fairness ratios outside the bounds in red, and "who looked at this address?" answered
 * from a postcode — with screenshots at 1280 px and tablet width.
 */
type TextNode = { nodeValue: string | null };
declare const document: {
  querySelector(s: string): { cloneNode(deep: boolean): { querySelectorAll(s: string): Iterable<{ remove(): void }> } } | null;
  createTreeWalker(root: unknown, what: number): { nextNode(): TextNode | null };
};
declare const sessionStorage: { getItem(key: string): string | null };
/** A label of the address page's chart: a <text> of one <tspan> per line. */
type ChartLabel = { querySelectorAll(s: string): Iterable<{ textContent: string | null }> };

const SHOTS = join(REPO, 'test-results');
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning, zaak RIEC-2026-31';
type Lang = 'nl' | 'en';
interface Bounds {
  low: number;
  high: number;
}
interface ModelAnswer {
  card: {
    model: {
      fairness: {
        bounds?: Array<Bounds & { metric: string }>;
        audits: Array<{ attribute: string; groups: Array<{ group: string; falsePositiveRateRatio?: number | null }> }>;
      };
    };
  };
  fairnessBounds: Bounds;
}

/** A number written in the other language's style: a decimal point in Dutch, a decimal comma in English. */
const FOREIGN: Record<Lang, RegExp> = { nl: /\d\.(\d{1,2}|\d{4,})(?!\d)/, en: /\d,(\d{1,2}|\d{4,})(?!\d)/ };
/** A contribution as shown: sign and three decimals in the language's style. */
const CONTRIBUTION: Record<Lang, RegExp> = { nl: /^[+−]\d+,\d{3}$/, en: /^[+−]\d+\.\d{3}$/ };

describe.skipIf(!HAVE_CHROMIUM)('what the page says, in numbers and words', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;
  const violations: string[] = [];

  beforeAll(async () => {
    await trainedCity(db.pool, temporaryDirectory('web-reading-city'));
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    site = await servePage(service.app.app);
    mkdirSync(SHOTS, { recursive: true });
  }, SLOW);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  /** A fresh context signed in as `role`; the analist past the purpose dialog. */
  const signIn = (role: string, width = 1280) =>
    signInAs(site, role, { width, locale: 'nl-NL', name: 'lezer', violations, ...(role === 'analist' ? { purpose: PURPOSE } : {}) });

  /** The page's own text: without what it marks as the model card's English, and without folded technical messages. */
  const ownText = (page: Page) =>
    page.evaluate(() => {
      const copy = document.querySelector('main')!.cloneNode(true);
      for (const el of copy.querySelectorAll('[lang="en"], details')) el.remove();
      // Text node by text node: adjacent cells and chart labels must not run together into one number.
      const walker = document.createTreeWalker(copy, 4 /* NodeFilter.SHOW_TEXT */);
      const texts: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node.nodeValue ?? '');
      return texts.join('\n');
    });

  async function expectNumbersIn(page: Page, lang: Lang): Promise<void> {
    const text = await ownText(page);
    const found = FOREIGN[lang].exec(text);
    expect(found ? text.slice(Math.max(0, found.index - 80), found.index + 40) : null).toBeNull();
  }

  async function toEnglish(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Switch to English' }).click();
  }

  it(
    'analist: the risk list and an address page in nl-NL and en-GB numbers, with sentences that say what is true',
    async () => {
      const page = await signIn('analist');
      for (const lang of ['nl', 'en'] as const) {
        if (lang === 'en') await toEnglish(page);
        await page.goto(`${site.base}/#/risk`);
        const list = await readRiskList(page);
        expect(await page.locator('section > p.muted').first().textContent()).toContain(
          lang === 'nl' ? '3.000 adressen' : '3,000 addresses',
        );
        await expectNumbersIn(page, lang);
        for (const r of list.flatMap((row) => row.reasons)) {
          expect(r, r).toContain(lang === 'nl' ? 'ten opzichte van een gemiddelde woning' : 'compared with an average home');
          expect(r, r).not.toMatch(/\(\d\) —|\b120\b|= nooit|= never/);
        }
        await page.locator('#risk-table tbody a').first().click();
        await page.locator('#contributions tbody tr').first().waitFor();
        for (const c of await page.locator('#contributions tbody td:nth-child(2)').allTextContents()) expect(c).toMatch(CONTRIBUTION[lang]);
        expect(await page.locator('#contributions tr[data-feature="building_year"] td:nth-child(3)').textContent()).toMatch(
          /^1[89]\d\d|20\d\d$/,
        );
        for (const flag of ['ownership_owner_occupied', 'smart_meter', 'nobody_registered']) {
          expect(await page.locator(`#contributions tr[data-feature="${flag}"] td:nth-child(3)`).textContent(), flag).not.toMatch(/^\d/);
        }
        // The chart names each of its twelve largest contributions in full, on as many lines as it takes: never cut short.
        const sentences = await page.locator('#contributions tbody td:nth-child(5)').allTextContents();
        const labels = await page
          .locator('figure svg text:has(tspan)')
          .evaluateAll((texts: ChartLabel[]) => texts.map((t) => [...t.querySelectorAll('tspan')].map((line) => line.textContent ?? '')));
        expect(labels.slice(0, 12).map((lines) => lines.join(' '))).toEqual(sentences.slice(0, 12).map((s) => s.split(' — ')[0]));
        expect(labels.flat().filter((line) => line.length > 46 || line.endsWith('…'))).toEqual([]);
        await expectNumbersIn(page, lang);
        await page.screenshot({ path: join(SHOTS, `analist-address-${lang}.png`) });
      }
      await page.context().close();
    },
    SLOW,
  );

  it(
    "beheerder: the model card in nl-NL and en-GB numbers, every false-positive-rate ratio outside the bounds in red, with the card's note that no bound applies",
    async () => {
      const page = await signIn('beheerder');
      await page.locator('#models a').first().click();
      await page.locator('table[data-fairness="district"]').waitFor();
      const answer = (await page.evaluate(async () =>
        (await fetch('/api/v1/models/1', { headers: { Authorization: `Bearer ${sessionStorage.getItem('hennep.token')}` } })).json(),
      )) as ModelAnswer;
      const fairness = answer.card.model.fairness;
      const bounds = fairness.bounds?.find((b) => b.metric === 'falsePositiveRate') ?? answer.fairnessBounds;
      expect(bounds).toMatchObject({ low: 0.8, high: 1.25 });
      let outside = 0;
      for (const audit of fairness.audits) {
        for (const g of audit.groups) {
          if (g.falsePositiveRateRatio === undefined) continue;
          const out =
            g.falsePositiveRateRatio !== null && (g.falsePositiveRateRatio < bounds.low || g.falsePositiveRateRatio > bounds.high);
          outside += out ? 1 : 0;
          const cell = page.locator(`table[data-fairness="${audit.attribute}"] tr[data-group="${g.group}"] td:last-child`);
          expect(await cell.getAttribute('data-outside'), `${audit.attribute} ${g.group} ${g.falsePositiveRateRatio}`).toBe(
            out ? 'true' : null,
          );
        }
      }
      expect(outside, 'the city has ratios outside the bounds').toBeGreaterThan(0);
      const red = await page
        .locator('td.outside')
        .first()
        .evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
      expect(red).toBe('rgb(127, 29, 29)');
      const notes = page.locator('.bounds-note[data-gate-applied="false"]');
      expect(await notes.count()).toBe(fairness.audits.length);
      expect(await notes.first().textContent()).toContain('zonder attributenbestand geldt er geen grens');
      await expectNumbersIn(page, 'nl');
      await page.locator('h2', { hasText: 'Eerlijkheid' }).evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
      await page.screenshot({ path: join(SHOTS, 'beheerder-fairness-1280.png') });
      await toEnglish(page);
      await page.locator('.bounds-note', { hasText: 'without an attributes file no bound applies' }).first().waitFor();
      expect(await page.locator('.bounds-note').first().textContent()).toContain('without an attributes file no bound applies');
      await expectNumbersIn(page, 'en');
      await page.context().close();
    },
    SLOW,
  );

  it(
    'auditor: who looked at an address, found by postcode and house number among the lists that showed it; a postcode typed wrong is said in Dutch, in place',
    async () => {
      const analist = await signIn('analist');
      await readRiskList(analist);
      await analist.context().close();
      const { rows } = await db.pool.query<{ address_id: string; postcode: string; house_number: number }>(
        'SELECT a.address_id, a.postcode, a.house_number FROM risk_scores s JOIN addresses a USING (address_id) WHERE s.rank = 30',
      );
      const shown = rows[0]!;

      const page = await signIn('auditor');
      await page.locator('#audit-log').waitFor();
      await page
        .getByLabel('Adres', { exact: true })
        .fill(`${shown.postcode.slice(0, 4)} ${shown.postcode.slice(4).toLowerCase()} ${shown.house_number}`);
      await page.getByRole('button', { name: 'Filteren' }).click();
      await page.locator('#audit-matched').waitFor();
      expect(await page.locator('#audit-matched').textContent()).toContain(shown.address_id);
      expect(await page.locator('#audit-log tr[data-action="risk:list"] td[data-how="shown"]').count()).toBeGreaterThan(0);
      expect(await page.locator('#audit-log tr[data-action="risk:list"] td[data-how="shown"]').first().textContent()).toBe(
        'getoond in een lijst (50 adressen)',
      );
      for (const width of [1280, 768]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: join(SHOTS, `auditor-${width}.png`), fullPage: true });
      }

      await page.getByLabel('Adres', { exact: true }).fill('12345');
      await page.getByRole('button', { name: 'Filteren' }).click();
      expect(await page.locator('#audit-address-error').textContent()).toBe(
        'Vul een adres-id van 16 cijfers in, of een postcode zoals 1234 AB, eventueel met huisnummer (1234 AB 5).',
      );
      expect(await page.locator('#audit-log').count()).toBe(1);
      expect(await ownText(page)).not.toMatch(/regex|pattern|query\./i);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'shows each reading role at 1280 px and tablet width',
    async () => {
      for (const width of [1280, 768]) {
        const analist = await signIn('analist', width);
        await readRiskList(analist);
        await analist.screenshot({ path: join(SHOTS, `analist-${width}.png`) });
        await analist.locator('#risk-table tbody a').first().click();
        await analist.locator('#contributions').waitFor();
        await analist.screenshot({ path: join(SHOTS, `analist-address-${width}.png`), fullPage: true });
        await analist.context().close();
        const beheerder = await signIn('beheerder', width);
        await beheerder.locator('#models a').first().click();
        await beheerder.locator('table[data-fairness="district"]').waitFor();
        await beheerder.screenshot({ path: join(SHOTS, `beheerder-${width}.png`) });
        await beheerder.context().close();
      }
    },
    SLOW,
  );

  it('loaded nothing the Content-Security-Policy refused, and raised no script errors', () => {
    expect(violations).toEqual([]);
  });
});
