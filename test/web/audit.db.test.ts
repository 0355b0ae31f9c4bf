import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../service/audit/index.ts';
import { HAVE_CHROMIUM, servePage, signIn, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, type TestService } from '../support/service.ts';

/**
 * The auditor's audit log in Chromium: part of a name in any case, a range of Dutch days
 * (a wrong range refused in Dutch, in place), pages of 200 back and forth, the auditor's
 * own reads hidden by default with a note saying so, and the chain verified only when asked.
 */
const SLOW = 120_000;
const DRAWN = '0034010000000001';

describe.skipIf(!HAVE_CHROMIUM)('the auditor in Chromium', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;
  const violations: string[] = [];

  async function append(
    n: number,
    at: string,
    actor: string,
    action = 'risk:address',
    more: { addressId?: string; detail?: Record<string, unknown> } = {},
  ) {
    const log = new AuditLog(db.pool, () => new Date(at));
    await Promise.all(
      Array.from({ length: n }, () =>
        log.append({ actor, role: 'analist', action, method: 'GET', path: '/api/v1/x', status: 200, ...more }),
      ),
    );
    await log.drain();
  }

  beforeAll(async () => {
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    site = await servePage(service.app.app);
    // 23:30 on 30 November in Amsterdam, and 00:30 on 1 December.
    await append(3, '2026-11-30T22:30:00Z', 'Piet.Jansen');
    await append(3, '2026-11-30T23:30:00Z', 'piet.jansen-extern');
    await append(250, '2026-12-03T10:00:00Z', 'ana', 'risk:list');
    await append(1, '2026-12-04T09:00:00Z', 'bea', 'samples:draw', { detail: { sample: 1, shown: [DRAWN, '0034010000000002'] } });
    await append(1, '2026-12-04T10:00:00Z', 'rik', 'signals:decide', { addressId: DRAWN });
  }, SLOW);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  async function auditor(): Promise<Page> {
    const page = await signIn(site, 'auditor', { locale: 'nl-NL', name: 'Anke Auditor', violations });
    await page.goto(`${site.base}/#/audit`);
    await page.locator('#audit-log').waitFor();
    return page;
  }

  const rows = (page: Page) => page.locator('#audit-log tbody tr');
  const actorsShown = (page: Page) => rows(page).locator('td:nth-child(3)').allTextContents();
  const seqs = async (page: Page) => await rows(page).evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-seq'))));
  async function filter(page: Page, values: { actor?: string; from?: string; to?: string }) {
    for (const [k, v] of Object.entries(values)) await page.locator(`#audit-${k}`).fill(v);
    await page.getByRole('button', { name: 'Filteren' }).click();
  }

  it(
    'pages through more than 200 entries: volgende (older) and vorige (newer)',
    async () => {
      const page = await auditor();
      await filter(page, { actor: 'ANA' });
      await expect.poll(() => actorsShown(page)).toEqual(Array(200).fill('ana'));
      const first = await seqs(page);
      expect(await page.locator('#audit-newer').isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Volgende (oudere regels)' }).click();
      await expect.poll(() => rows(page).count()).toBe(50);
      const second = await seqs(page);
      expect(new Set([...first, ...second]).size).toBe(250);
      expect(second[0]).toBeLessThan(first.at(-1)!);
      expect(await page.locator('#audit-older').isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Vorige (nieuwere regels)' }).click();
      await expect.poll(() => rows(page).count()).toBe(200);
      expect(await seqs(page)).toEqual(first);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'finds part of a name in any case within Dutch days, and refuses a "to" before "from" in Dutch',
    async () => {
      const page = await auditor();
      await filter(page, { actor: 'JANSEN', from: '2026-12-01', to: '2026-12-01' });
      await expect.poll(() => rows(page).count()).toBe(3);
      expect(await rows(page).locator('td:nth-child(3)').allTextContents()).toEqual(Array(3).fill('piet.jansen-extern'));
      await filter(page, { from: '2026-11-30', to: '2026-11-30' });
      await expect.poll(() => rows(page).first().locator('td:nth-child(3)').textContent()).toBe('Piet.Jansen');
      expect(await rows(page).count()).toBe(3);

      const hash = page.url();
      await filter(page, { from: '2026-12-02', to: '2026-12-01' });
      expect(await page.locator('#audit-dates-error').textContent()).toBe('De datum "tot en met" ligt vóór de datum "vanaf".');
      expect(page.url()).toBe(hash);
      // Forced through the address bar: the same words, in place of the table.
      await page.goto(`${site.base}/#/audit?from=2026-12-02&to=2026-12-01`);
      await page.getByRole('alert').filter({ hasText: 'De datum "tot en met" ligt vóór de datum "vanaf".' }).first().waitFor();
      expect(await page.locator('#audit-log').count()).toBe(0);
      await page.context().close();
    },
    SLOW,
  );

  it(
    "hides the audit log's own reads by default and says so; unticked, they show",
    async () => {
      const page = await auditor();
      await filter(page, { actor: 'anke' });
      await page.locator('#audit-hidden').waitFor();
      expect(await page.locator('#audit-hidden').textContent()).toContain('Raadplegingen van het auditlog (actie audit:read)');
      // Her sign-in and other reads show; her reads of the audit log do not.
      await expect.poll(async () => new Set(await actorsShown(page))).toEqual(new Set(['anke-auditor-auditor']));
      expect(await page.locator('#audit-log tbody tr[data-action="audit:read"]').count()).toBe(0);
      await page.getByLabel('Raadplegingen van het auditlog verbergen').uncheck();
      await page.getByRole('button', { name: 'Filteren' }).click();
      await page.locator('#audit-log tbody tr[data-action="audit:read"]').first().waitFor();
      expect(await page.locator('#audit-hidden').count()).toBe(0);
      expect(await page.getByLabel('Raadplegingen van het auditlog verbergen').isChecked()).toBe(false);
      await page.context().close();
    },
    SLOW,
  );

  it(
    'finds a sample draw among the entries about an address, and says it drew it',
    async () => {
      const page = await auditor();
      await page.getByLabel('Adres', { exact: true }).fill(DRAWN);
      await page.getByRole('button', { name: 'Filteren' }).click();
      await page.locator('#audit-log td[data-how]').first().waitFor();
      expect(await page.locator('#audit-log tr[data-action="samples:draw"] td[data-how="shown"]').textContent()).toBe(
        'getrokken in een steekproef (2 adressen)',
      );
      expect(await page.locator('#audit-log tr[data-action="signals:decide"] td[data-how="named"]').textContent()).toBe('dit adres');
      await page.context().close();
    },
    SLOW,
  );

  it(
    'verifies the chain only when asked',
    async () => {
      const verifies = async () =>
        Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'audit:verify'`)).rows[0]!.n);
      const page = await auditor();
      expect(await page.locator('#verify').count()).toBe(0);
      expect(await verifies()).toBe(0);
      await page.getByRole('button', { name: 'Keten controleren' }).click();
      await page.locator('#verify').waitFor();
      expect(await page.locator('#verify').textContent()).toContain('De keten van het auditlog is intact');
      expect(await verifies()).toBe(1);
      await page.context().close();
    },
    SLOW,
  );

  it('loaded nothing the Content-Security-Policy refused, and raised no script errors', () => {
    expect(violations).toEqual([]);
  });
});
