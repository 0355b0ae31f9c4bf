import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.ts';
import { HAVE_CHROMIUM, servePage, signIn, type ServedPage } from '../support/browser.ts';
import { parseCsv } from '../support/csv.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, listedCity, type TestService } from '../support/service.ts';
import { temporaryDirectory } from '../support/tmp.ts';

/**
 * The interventieteam's page in Chromium: an outcome — which becomes a training label — is
 * never recorded by default or by one hasty click, dates outside the service's rules are
 * neither offered nor, when forced, refused in English, a recorded control stays in view,
 * and a mistaken outcome is corrected as an event of its own.
 */
const SHOTS = join(REPO, 'test-results');
const SLOW = 240_000;
const PURPOSE = 'Controles wijk 2, zaak RIEC-2026-12';
const LOCAL = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

describe.skipIf(!HAVE_CHROMIUM)('the interventieteam in Chromium', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;
  const violations: string[] = [];
  /** Approved controls made through the API, with their address as the page writes it. */
  const controls: Array<{ id: number; address: string }> = [];
  const today = LOCAL.format(new Date());

  async function approvedControl(rank: number): Promise<{ id: number; address: string }> {
    const [analist, riec] = await Promise.all([service.token('analist', 'ana'), service.token('riec', 'rik')]);
    const { rows } = await db.pool.query<{
      address_id: string;
      street: string;
      house_number: number;
      house_suffix: string | null;
      postcode: string;
    }>(
      'SELECT s.address_id, a.street, a.house_number, a.house_suffix, a.postcode FROM risk_scores s JOIN addresses a USING (address_id) WHERE s.rank = $1',
      [rank],
    );
    const a = rows[0]!;
    const proposed = await service.http
      .post('/api/v1/signals')
      .auth(analist, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ addressId: a.address_id, reason: 'Hoge score en meldingen van buren' });
    await service.http
      .post(`/api/v1/signals/${proposed.body.id}/decision`)
      .auth(riec, { type: 'bearer' })
      .set('X-Purpose', PURPOSE)
      .send({ decision: 'approve', legalBasis: 'art. 13b Opiumwet', reason: 'Voldoende aanleiding voor controle', priority: 1 });
    return {
      id: proposed.body.id as number,
      address: `${a.street} ${a.house_number}${a.house_suffix?.trim() ? ` ${a.house_suffix.trim()}` : ''}, ${a.postcode}`,
    };
  }

  beforeAll(async () => {
    await listedCity(db.pool, temporaryDirectory('web-controls-city'));
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    site = await servePage(service.app.app);
    mkdirSync(SHOTS, { recursive: true });
    // One control per test, so that each stands alone: export, dates, outcome, correction.
    for (const rank of [1, 2, 3, 5]) controls.push(await approvedControl(rank));
  }, SLOW);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  /** The interventieteam signed in, past the purpose dialog, with its controls shown. */
  async function team(width = 1280): Promise<Page> {
    const page = await signIn(site, 'interventieteam', { width, locale: 'nl-NL', name: 'test team', purpose: PURPOSE, violations });
    await page.locator('#controls tbody tr').first().waitFor();
    return page;
  }

  const row = (page: Page, id: number) => page.locator(`#controls tbody tr[data-control="${id}"]`);
  const status = async (id: number) =>
    (await db.pool.query<{ status: string }>('SELECT status FROM signals WHERE id = $1', [id])).rows[0]!.status;

  it(
    'the export buttons deliver files a spreadsheet opens: Dutch headers and words, the RIEC decision, the id with its leading zero',
    async () => {
      const page = await team();
      const { id } = controls[0]!;
      const addressId = (await db.pool.query<{ address_id: string }>('SELECT address_id FROM signals WHERE id = $1', [id])).rows[0]!
        .address_id;
      expect(addressId).toMatch(/^0\d{15}$/);
      const save = async (name: string) => {
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
        return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
      };

      const excel = await save('Exporteren (Excel, ;)');
      expect(excel.name).toBe(`controles-${today}-excel.csv`);
      const sheet = parseCsv(excel.text, ';');
      expect(sheet.bom).toBe(true);
      expect(sheet.header).toContain('Rechtsgrond');
      // Not the RIEC's reason: its free text could tell the team that a control was drawn by chance.
      expect(sheet.header.some((h) => /Reden van het RIEC/.test(h))).toBe(false);
      const mine = sheet.rows.find((r) => r['Controle'] === String(id))!;
      expect(mine).toMatchObject({
        'Adres-id (BAG)': addressId,
        Status: 'goedgekeurd',
        'RIEC-besluit': 'goedgekeurd',
        Rechtsgrond: 'art. 13b Opiumwet',
        Uitkomst: '',
      });
      expect(excel.text).toContain(`="${addressId}"`);

      const plain = await save('Exporteren (CSV)');
      const table = parseCsv(plain.text, ',');
      expect(table.bom).toBe(false);
      expect(table.rows.find((r) => r['Controle'] === String(id))!['Adres-id (BAG)']).toBe(addressId);

      // English when asked for, as every worded answer.
      const token = await service.token('interventieteam', 'tim');
      const english = await service.http
        .get('/api/v1/controls?format=csv&lang=en')
        .auth(token, { type: 'bearer' })
        .set('X-Purpose', PURPOSE);
      expect(english.status).toBe(200);
      expect(parseCsv(english.text, ',').rows.find((r) => r['Control'] === String(id))).toMatchObject({
        Status: 'approved',
        'Legal basis': 'art. 13b Opiumwet',
      });
      // Each export is on the record with the addresses it held: the auditor's search by address finds it.
      const auditor = await service.token('auditor', 'aud');
      const found = await service.http
        .get(`/api/v1/audit-log?addressId=${addressId}&action=controls:read&limit=1000`)
        .auth(auditor, { type: 'bearer' });
      const formats = found.body.items.map((e: { detail: { format: string } }) => e.detail.format);
      expect(formats).toEqual(expect.arrayContaining(['csv-excel', 'csv']));
      await page.context().close();
    },
    SLOW,
  );

  it(
    'offers only the dates the service accepts, and says in Dutch why a forced one is refused',
    async () => {
      const page = await team();
      const { id } = controls[1]!;
      const plan = page.locator(`#plan-${id}`);
      expect(await plan.getAttribute('min')).toBe(today);
      const horizon = new Date(`${today}T00:00:00Z`);
      horizon.setUTCDate(horizon.getUTCDate() + 365);
      expect(await plan.getAttribute('max')).toBe(horizon.toISOString().slice(0, 10));

      // Past the browser's own check, as an old browser or a typed date would be.
      await plan.evaluate((el) => el.removeAttribute('min'));
      await plan.fill('2020-01-01');
      await row(page, id).getByRole('button', { name: 'Plannen' }).click();
      const refusal = row(page, id).locator('[data-error-code="invalid_request"] .error-text');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(
        /^Gepland op: deze datum ligt vóór de goedkeuring door het RIEC op \d{1,2} \w+ \d{4}\. Kies .* of later\.$/,
      );
      expect(await status(id)).toBe('approved');

      await plan.fill(today);
      await row(page, id).getByRole('button', { name: 'Plannen' }).click();
      const inspected = page.locator(`#inspected-${id}`);
      await inspected.waitFor();
      expect([await inspected.getAttribute('min'), await inspected.getAttribute('max')]).toEqual([today, today]);
      await inspected.evaluate((el) => el.removeAttribute('max'));
      const tomorrow = new Date(`${today}T00:00:00Z`);
      tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
      await inspected.fill(tomorrow.toISOString().slice(0, 10));
      await row(page, id).getByLabel('Uitkomst').selectOption('nothing_found');
      await row(page, id).getByRole('button', { name: 'Uitkomst vastleggen' }).click();
      await page.getByRole('button', { name: 'Ja, vastleggen' }).click();
      const future = row(page, id).locator('[data-error-code="invalid_request"] .error-text');
      await future.waitFor();
      expect(await future.textContent()).toMatch(/^Gecontroleerd op: deze datum ligt in de toekomst\./);
      expect(await status(id)).toBe('control_planned');
      await page.context().close();
    },
    SLOW,
  );

  it(
    'has no default outcome, and records one only after a confirmation that names the address and the outcome; the control then stays in view',
    async () => {
      const page = await team();
      const { id, address } = controls[2]!;
      await row(page, id).getByRole('button', { name: 'Plannen' }).click();
      const outcome = row(page, id).getByLabel('Uitkomst');
      await outcome.waitFor();
      expect(await outcome.inputValue()).toBe('');
      expect(await outcome.locator('option:checked').textContent()).toBe('— kies de uitkomst —');

      // Nothing chosen: the browser keeps the form, no dialog opens, nothing is recorded.
      await row(page, id).getByRole('button', { name: 'Uitkomst vastleggen' }).click();
      expect(await outcome.evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing)).toBe(true);
      expect(await page.locator('#confirm-dialog').count()).toBe(0);

      await outcome.selectOption('cultivation');
      await row(page, id).getByRole('button', { name: 'Uitkomst vastleggen' }).click();
      const dialog = page.locator('#confirm-dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(address);
      expect(await dialog.textContent()).toContain('kwekerij aangetroffen');
      await page.screenshot({ path: join(SHOTS, 'interventieteam-confirm.png') });
      // Enter right away answers the focused button, which is "Terug".
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      expect(await status(id)).toBe('control_planned');

      await outcome.selectOption('nothing_found');
      await row(page, id).getByRole('button', { name: 'Uitkomst vastleggen' }).click();
      expect(await dialog.textContent()).toContain('niets aangetroffen');
      await page.getByRole('button', { name: 'Ja, vastleggen' }).click();
      const finished = page.locator(`#finished-controls tr[data-control="${id}"]`);
      await finished.waitFor();
      expect(await finished.getAttribute('data-outcome')).toBe('nothing_found');
      expect(await finished.textContent()).toContain(address);
      expect(await status(id)).toBe('outcome_recorded');
      await page.context().close();
    },
    SLOW,
  );

  it(
    'corrects a mistaken outcome as its own event, keeping the original in the history',
    async () => {
      const { id } = controls[3]!;
      // Its outcome recorded first, as the team would have: the correction is of that.
      const teamToken = await service.token('interventieteam', 'ina');
      for (const [path, body] of [
        [`/api/v1/controls/${id}/plan`, { plannedFor: today }],
        [`/api/v1/controls/${id}/outcome`, { outcome: 'nothing_found', inspectedOn: today }],
      ] as const) {
        const answer = await service.http.post(path).auth(teamToken, { type: 'bearer' }).set('X-Purpose', PURPOSE).send(body);
        expect(answer.status).toBe(200);
      }
      const page = await team(768);
      const finished = page.locator(`#finished-controls tr[data-control="${id}"]`);
      await finished.locator('summary', { hasText: 'Uitkomst corrigeren' }).click();
      const choice = finished.getByLabel('Juiste uitkomst');
      expect(await choice.locator('option').allTextContents()).toEqual([
        '— kies de uitkomst —',
        'kwekerij aangetroffen',
        'voorbereiding aangetroffen',
        'geen toegang',
      ]);
      await choice.selectOption('preparation');
      await finished.getByLabel(/Reden van de correctie/).fill('Verkeerd aangeklikt: er stond een voorbereiding');
      await finished.getByRole('button', { name: 'Correctie vastleggen' }).click();
      expect(await page.locator('#confirm-dialog').textContent()).toMatch(/niets aangetroffen.*voorbereiding aangetroffen/);
      await page.getByRole('button', { name: 'Ja, corrigeren' }).click();
      await page.locator(`#finished-controls tr[data-control="${id}"][data-outcome="preparation"]`).waitFor();
      const history = await page.locator(`#finished-controls tr[data-control="${id}"] ul.history li`).allTextContents();
      expect(history[0]).toMatch(/^Vastgelegd als niets aangetroffen/);
      expect(history[1]).toMatch(
        /^Gecorrigeerd van niets aangetroffen naar voorbereiding aangetroffen door test-team-interventieteam .*Verkeerd aangeklikt/,
      );
      const stored = await db.pool.query(
        `SELECT i.outcome, c.from_outcome, c.to_outcome FROM inspections i JOIN control_corrections c USING (inspection_id) WHERE i.inspection_id = $1`,
        [`risk_model-${id}`],
      );
      expect(stored.rows).toEqual([{ outcome: 'preparation', from_outcome: 'nothing_found', to_outcome: 'preparation' }]);
      await page.screenshot({ path: join(SHOTS, 'interventieteam-768.png'), fullPage: true });
      await page.context().close();
    },
    SLOW,
  );

  it(
    'shows the team and the RIEC at 1280 px and tablet width',
    async () => {
      for (const width of [1280, 768]) {
        const page = await team(width);
        await page.screenshot({ path: join(SHOTS, `interventieteam-${width}.png`), fullPage: true });
        await page.context().close();
      }
      const analist = await service.token('analist', 'ana');
      const fourth = (await db.pool.query<{ address_id: string }>('SELECT address_id FROM risk_scores WHERE rank = 4')).rows[0]!.address_id;
      await service.http
        .post('/api/v1/signals')
        .auth(analist, { type: 'bearer' })
        .set('X-Purpose', PURPOSE)
        .send({ addressId: fourth, reason: 'Stroomverbruik ver boven vergelijkbare woningen' });
      for (const width of [1280, 768]) {
        const page = await signIn(site, 'riec', { width, locale: 'nl-NL', purpose: PURPOSE });
        await page.locator('article[data-signal]').first().waitFor();
        await page.screenshot({ path: join(SHOTS, `riec-${width}.png`), fullPage: true });
        await page.context().close();
      }
    },
    SLOW,
  );

  it('loaded nothing the Content-Security-Policy refused, and raised no script errors', () => {
    expect(violations).toEqual([]);
  });
});
