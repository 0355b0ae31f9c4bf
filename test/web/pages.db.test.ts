import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointWriter } from '../../service/audit/index.ts';
import { REPO } from '../support/cli.ts';
import { HAVE_CHROMIUM, openPage, readRiskList, servePage, signIn as signInAs, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, trainedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The web page in a real browser (Debian's Chromium, driven by playwright-core): each role
 * signs in with the demo sign-in (HENNEP_DEMO_SIGN_IN=on, as `hennep demo` serves) and
 * walks its main path — the analist proposes, the RIEC approves, the interventieteam
 * records an outcome, the auditor finds those three actions on an address and a verified
 * chain; then a beheerder draws a sample, the RIEC approves its proposal and the team
 * records it — with a screenshot per role under test-results/. Each test works on
 * proposals and controls of its own, made through the API before the tests, so that any
 * one of them runs alone or in any order. `.ci/run` installs Chromium when it is missing;
 * without it these tests are skipped, saying so.
 */
// Globals of the page, for the functions that page.evaluate runs in the browser.
declare const sessionStorage: { getItem(key: string): string | null };
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };

const SHOTS = join(REPO, 'test-results');
const SLOW = 240_000;
const PURPOSE = 'Onderzoek ondermijning, zaak RIEC-2026-7';

interface Proposal {
  id: number;
  addressId: string;
}

describe.skipIf(!HAVE_CHROMIUM)('web page in Chromium', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;
  const violations: string[] = [];
  /** Made through the API before the tests: a proposal awaiting the RIEC, an approved control, and a control with its outcome recorded. */
  let queued: Proposal;
  let approved: Proposal;
  let recorded: Proposal;

  /** The API as a role would call it, with the purpose. */
  async function call(
    role: 'analist' | 'riec' | 'interventieteam' | 'beheerder',
    method: 'get' | 'post',
    path: string,
    body?: object,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const request = service.http[method](`/api/v1${path}`)
      .auth(await service.token(role, `api-${role}`), { type: 'bearer' })
      .set('X-Purpose', PURPOSE);
    const res = await (body ? request.send(body) : request);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res;
  }

  async function propose(rank: number, reason: string): Promise<Proposal> {
    const { rows } = await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores WHERE rank = $1', [rank]);
    const addressId = rows[0]!.address_id;
    const res = await call('analist', 'post', '/signals', { addressId, reason });
    return { id: res.body.id as number, addressId };
  }

  async function approve(proposal: Proposal): Promise<void> {
    await call('riec', 'post', `/signals/${proposal.id}/decision`, {
      decision: 'approve',
      legalBasis: 'art. 13b Opiumwet',
      reason: 'Voldoende aanleiding voor controle',
      priority: 1,
    });
  }

  beforeAll(async () => {
    await trainedCity(db.pool, temporaryDirectory('web-city'));
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    site = await servePage(service.app.app);
    mkdirSync(SHOTS, { recursive: true });
    queued = await propose(2, 'Hoog stroomverbruik en recente meldingen in de buurt');
    approved = await propose(3, 'Stroomverbruik ver boven vergelijkbare woningen');
    await approve(approved);
    recorded = await propose(4, 'Meldingen van buren over geur en geluid');
    await approve(recorded);
    const { today } = (await call('interventieteam', 'get', '/controls')).body.dates as { today: string };
    await call('interventieteam', 'post', `/controls/${recorded.id}/plan`, { plannedFor: today });
    await call('interventieteam', 'post', `/controls/${recorded.id}/outcome`, { outcome: 'nothing_found', inspectedOn: today });
  }, SLOW);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  /** A fresh browser context (its own session storage), signed in as `role`, past the purpose dialog when the role is asked one. */
  const signIn = (role: string, width = 1280, purpose = ['analist', 'riec', 'interventieteam'].includes(role)) =>
    signInAs(site, role, { width, violations, acceptDownloads: true, ...(purpose ? { purpose: PURPOSE } : {}) });

  const navLabels = (page: Page) => page.locator('#nav a').allTextContents();

  /** Opens a part of the page by its menu link, as a user would. */
  async function openPart(on: Page, hash: string): Promise<void> {
    await on.locator(`#nav a[href="${hash}"]`).click();
  }

  it(
    'analist: risk list, an address with its explanation drawn, and a proposal to the RIEC',
    async () => {
      const page = await signIn('analist');
      const list = await readRiskList(page);
      expect(await navLabels(page)).toEqual(['Risicolijst', 'Voorstellen', 'Modellen']);
      expect(list).toHaveLength(50);
      const first = list[0]!;
      expect(first.rank).toBe('1');
      expect(first.reasons.length).toBeGreaterThan(0);
      const address = first.addressId;
      await page.locator('#risk-table tbody a').first().click();

      await page.locator('#contributions').waitFor();
      expect(await page.locator('figure svg[role="img"] rect').count()).toBeGreaterThan(5);
      expect(await page.locator('.notice').first().textContent()).toContain('geen bewijs');
      expect(await page.locator('#contributions tbody tr').count()).toBe(57);
      const api = await page.evaluate(
        async ([id, purpose]) => {
          const res = await fetch(`/api/v1/addresses/${id}/risk`, {
            headers: { Authorization: `Bearer ${sessionStorage.getItem('hennep.token')}`, 'X-Purpose': purpose! },
          });
          return (await res.json()) as { probability: number };
        },
        [address, PURPOSE],
      );
      expect(await page.locator('#probability').textContent()).toContain(
        `${(api.probability * 100).toLocaleString('nl-NL', { maximumFractionDigits: 2 })}%`,
      );

      await page.screenshot({ path: join(SHOTS, 'analist.png') });
      await page.getByLabel('Reden').fill('Hoog stroomverbruik en recente meldingen in de buurt');
      await page.getByRole('button', { name: 'Voorstel indienen' }).click();
      await page.getByText(/Voorgesteld aan het RIEC als voorstel \d+/).waitFor();

      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Explanation' }).waitFor();
      await page.context().close();
    },
    SLOW,
  );

  it(
    'riec: the proposal in the queue with its explanation, approved with legal basis and reason',
    async () => {
      const page = await signIn('riec');
      const card = page.locator(`article[data-signal="${queued.id}"]`);
      await card.waitFor();
      expect(await navLabels(page)).toEqual(['Voorstellen']);
      expect(await card.textContent()).toContain('Hoog stroomverbruik');
      expect(await card.locator('ul.reasons li').count()).toBeGreaterThan(0);
      await card.getByLabel('Rechtsgrond').fill('art. 13b Opiumwet');
      await card.getByLabel('Reden').fill('Voldoende aanleiding, controle met politie');
      await card.getByLabel('Prioriteit').selectOption('1');
      await page.screenshot({ path: join(SHOTS, 'riec.png') });
      await card.getByRole('button', { name: 'Goedkeuren' }).click();
      await card.waitFor({ state: 'detached' });
      expect((await db.pool.query<{ status: string }>('SELECT status FROM signals WHERE id = $1', [queued.id])).rows[0]!.status).toBe(
        'approved',
      );
      await page.context().close();
    },
    SLOW,
  );

  it(
    'interventieteam: the approved control by priority, planned, exported as CSV, outcome recorded; the risk list is neither shown nor served',
    async () => {
      const page = await signIn('interventieteam');
      const row = page.locator(`#controls tbody tr[data-control="${approved.id}"]`);
      await row.waitFor();
      expect(await navLabels(page)).toEqual(['Controles']);
      expect(await row.locator('td').first().textContent()).toBe('1');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Exporteren (Excel, ;)' }).click(),
      ]);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv.startsWith('\uFEFFControle;Prioriteit;Status;')).toBe(true);
      expect(csv).toContain(approved.addressId);
      await row.getByRole('button', { name: 'Plannen' }).click();
      await row.getByLabel('Uitkomst').waitFor();
      await row.getByLabel('Uitkomst').selectOption('cultivation');
      await page.screenshot({ path: join(SHOTS, 'interventieteam.png') });
      await row.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
      await page.getByRole('button', { name: 'Ja, vastleggen' }).click();
      await page.locator(`#finished-controls tr[data-control="${approved.id}"][data-outcome="cultivation"]`).waitFor();
      expect(await row.count()).toBe(0);

      // A part of another role: not rendered, and the API refuses it too.
      await page.goto(`${site.base}/#/risk`);
      await page.locator('#not-permitted').waitFor();
      expect(await page.locator('#risk-table').count()).toBe(0);
      const status = await page.evaluate(
        async () =>
          (
            await fetch('/api/v1/risk-list', {
              headers: { Authorization: `Bearer ${sessionStorage.getItem('hennep.token')}`, 'X-Purpose': 'Onderzoek ondermijning zaak 7' },
            })
          ).status,
      );
      expect(status).toBe(403);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'auditor: the three workflow actions on an address in its audit log, a verified chain and its newest signed checkpoint',
    async () => {
      const { auditCheckpointDir: dir, dataDir } = service.config;
      const checkpoint = (await new CheckpointWriter(db.pool, { dir, dataDir, log: pino({ level: 'silent' }) }).take('schedule'))!;
      const page = await signIn('auditor');
      await page.locator('#audit-log tbody tr').first().waitFor();
      expect(await navLabels(page)).toEqual(['Modellen', 'Steekproeven', 'Auditlog']);
      await page.getByRole('button', { name: 'Keten controleren' }).click();
      await page.locator('#verify').waitFor();
      expect(await page.locator('#verify').getAttribute('class')).toBe('ok');
      expect(await page.locator('#verify').textContent()).toContain('De keten van het auditlog is intact');
      expect(await page.locator('#checkpoint').getAttribute('class')).toBe('ok');
      expect(await page.locator('#checkpoint').textContent()).toContain(
        `Nieuwste ondertekende controlepunt: regel ${checkpoint.seq} · ${checkpoint.hash.slice(0, 16)}…`,
      );
      expect(await page.locator('#checkpoint').textContent()).toContain('handtekening geldig; de keten komt ermee overeen');
      await page.getByLabel('Adres', { exact: true }).fill(recorded.addressId);
      await page.getByRole('button', { name: 'Filteren' }).click();
      await page.locator('#audit-log td[data-how]').first().waitFor();
      for (const action of ['signals:propose', 'signals:decide', 'controls:outcome'])
        expect(await page.locator(`#audit-log tr[data-action="${action}"] td[data-how="named"]`).count(), action).toBe(1);
      await page.screenshot({ path: join(SHOTS, 'auditor.png'), fullPage: false });
      await page.context().close();
    },
    SLOW,
  );

  it(
    'beheerder: model card with PR and calibration curves and the shape functions, at tablet width without sideways scrolling',
    async () => {
      const page = await signIn('beheerder', 768);
      await page.locator('#models tbody tr').first().waitFor();
      expect(await navLabels(page)).toEqual(['Modellen', 'Steekproeven', 'Taken']);
      await page.locator('#models a').first().click();
      await page.locator('#pr-curve svg path.curve').waitFor();
      expect(await page.locator('#calibration-curve svg circle').count()).toBeGreaterThan(0);
      expect(await page.locator('#shapes figure').count()).toBe(57);
      expect(await page.locator('table[data-fairness="district"]').count()).toBe(1);
      // No control of the city's test year came from a risk list: none, and the AP unchanged.
      const ap = (await page.locator('#metrics tr[data-metric="ap"] td').first().textContent())!.split(' ')[0];
      expect(await page.locator('#metrics tr[data-metric="self-selection"] td').first().textContent()).toBe(
        `0 (0 +) · AP zonder die adressen: ${ap}`,
      );
      // The test year three ways, the random-sample rows with their sample sizes, in Dutch.
      expect(
        await page.locator('#three-ways tr[data-labels]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-labels'))),
      ).toEqual(['all', 'without-list', 'random-rate', 'random-precision', 'random-recall']);
      expect(await page.locator('#three-ways tr[data-labels="random-rate"] th').textContent()).toBe(
        'Alleen aselecte controles: aandeel adressen waar een controle iets vindt',
      );
      expect(await page.locator('#three-ways tr[data-labels="random-rate"] td').first().textContent()).toMatch(/^\d+$/);
      // Calibration within every audited attribute, each group with a verdict; no bound applied is not "passed".
      expect(await page.locator('table[data-calibration="ownership"] tbody tr[data-verdict]').count()).toBeGreaterThan(1);
      expect(await page.locator('#fairness-gate').textContent()).toBe(
        'Promotiepoort: geen grens toegepast (zonder attributenbestand toetst de poort geen groepsverhoudingen)',
      );
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, 'beheerder.png'), fullPage: false });
      await page.context().close();
    },
    SLOW,
  );

  it(
    'sample: the beheerder draws one on the page, the RIEC approves it from the queue, the team records its outcome without being told, and the auditor sees the counts',
    async () => {
      const beheerder = await signIn('beheerder');
      // The default size follows the controls approved so far, which other tests add to: the page must say what the service computes.
      const { defaults } = (await call('beheerder', 'get', '/samples')).body as {
        defaults: { n: number; share: number; approvedControls: number };
      };
      await openPart(beheerder, '#/samples');
      await beheerder.locator('#sample-form').waitFor();
      expect(await beheerder.locator('#sample-default').textContent()).toContain(
        `Standaardomvang: ${defaults.n} = ${String(defaults.share).replace('.', ',')} × ${defaults.approvedControls} goedgekeurde controles`,
      );
      await beheerder.getByLabel('Aantal adressen').fill('1');
      await beheerder.getByLabel('Seed').fill('2026');
      await beheerder.getByLabel('Reden').fill('Aselecte controles om het model zuiver te meten');
      await beheerder.getByRole('button', { name: 'Steekproef trekken' }).click();
      await beheerder.getByText(/Getrokken: steekproef \d+ \(n = 1, seed 2026\)/).waitFor();
      const row = beheerder.locator('#samples tbody tr').first();
      expect(await row.locator('td[data-count="pending"]').textContent()).toBe('1');
      await beheerder.screenshot({ path: join(SHOTS, 'beheerder-samples.png') });
      await beheerder.context().close();
      const { rows } = await db.pool.query<{ id: string; address_id: string; inclusion_probability: number }>(
        `SELECT s.id, s.address_id, m.inclusion_probability FROM signals s JOIN sample_members m ON m.signal_id = s.id WHERE s.kind = 'sample'`,
      );
      expect(rows).toHaveLength(1);
      const drawn = rows[0]!;

      const riec = await signIn('riec');
      const card = riec.locator(`article[data-signal="${drawn.id}"]`);
      await card.waitFor();
      expect(await card.textContent()).toContain('Aselecte steekproef');
      expect(await card.textContent()).toContain('Voorgesteld door systeem');
      await card.getByLabel('Rechtsgrond').fill('art. 13b Opiumwet');
      await card.getByLabel('Reden').fill('Aselecte controle, met politie');
      await riec.screenshot({ path: join(SHOTS, 'riec-sample.png') });
      await card.getByRole('button', { name: 'Goedkeuren' }).click();
      await card.waitFor({ state: 'detached' });
      await riec.context().close();

      const team = await signIn('interventieteam');
      const control = team.locator(`#controls tbody tr[data-control="${drawn.id}"]`);
      await control.waitFor();
      expect(await team.locator('main').textContent()).not.toMatch(/steekproef|systeem|aselect/i);
      await control.getByRole('button', { name: 'Plannen' }).click();
      await team.locator(`#controls tbody tr[data-control="${drawn.id}"]`).getByLabel('Uitkomst').selectOption('no_access');
      await team.locator(`#controls tbody tr[data-control="${drawn.id}"]`).getByRole('button', { name: 'Uitkomst vastleggen' }).click();
      await team.getByRole('button', { name: 'Ja, vastleggen' }).click();
      await team.locator(`#finished-controls tr[data-control="${drawn.id}"]`).waitFor();
      await team.context().close();
      const inspection = await db.pool.query(`SELECT reason, outcome, selection_probability FROM inspections WHERE inspection_id = $1`, [
        `sample-${drawn.id}`,
      ]);
      expect(inspection.rows).toEqual([{ reason: 'random', outcome: 'no_access', selection_probability: drawn.inclusion_probability }]);

      const auditor = await signIn('auditor');
      await openPart(auditor, '#/samples');
      const counted = auditor.locator('#samples tbody tr').first();
      await counted.waitFor();
      expect(await auditor.locator('#sample-form').count()).toBe(0);
      expect(await counted.locator('td[data-count="controlled"]').textContent()).toBe('1');
      expect(await counted.locator('td[data-count="noAccess"]').textContent()).toBe('1');
      await auditor.context().close();
    },
    SLOW,
  );

  it(
    'works from the keyboard alone, and labels every form field',
    async () => {
      const page = await openPage(site);
      await page.locator('button[data-role="analist"]').waitFor();
      let focused = '';
      for (let i = 0; i < 30 && focused !== 'analist'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(
          () =>
            (
              globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }
            ).document.activeElement.getAttribute('data-role') ?? '',
        );
      }
      expect(focused).toBe('analist');
      await page.keyboard.press('Enter');
      await page.locator('#purpose-input').waitFor();
      expect(
        await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id),
      ).toBe('purpose-input');
      await page.keyboard.type(PURPOSE);
      await page.keyboard.press('Enter');
      await page.locator('#risk-table tbody tr').first().waitFor();
      await page.locator('#risk-table tbody a').first().focus();
      await page.keyboard.press('Enter');
      await page.locator('#contributions').waitFor();
      const unlabelled = await page.evaluate(() => {
        const doc = (
          globalThis as unknown as {
            document: {
              querySelectorAll(
                s: string,
              ): Iterable<{ id: string; labels: { length: number } | null; getAttribute(n: string): string | null }>;
            };
          }
        ).document;
        return [...doc.querySelectorAll('input, select, textarea')]
          .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label'))
          .map((el) => el.id);
      });
      expect(unlabelled).toEqual([]);
      await page.context().close();
    },
    SLOW,
  );

  it('loaded nothing the Content-Security-Policy refused, and raised no script errors', () => {
    expect(violations).toEqual([]);
  });
});
