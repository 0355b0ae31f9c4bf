import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, servePage, signIn, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { testService, type TestService } from '../support/service.ts';

/**
 * A retrain run that found the active model's test precision outside the interval of its
 * random-sample estimate: the beheerder's jobs page says so in plain Dutch, in red.
 */
describe.skipIf(!HAVE_CHROMIUM)('the live check on the beheerder page', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;

  const estimate = { estimate: 0, low: 0, high: 0.072, sampleSize: 40, finds: 0, effectiveSize: 40, assumedUniform: 0, level: 0.9 };
  const run = (scheduledFor: string, consistent: boolean) =>
    db.pool.query(
      `INSERT INTO job_runs (job, scheduled_for, finished_at, outcome, runner, detail) VALUES ('retrain', $1, $1, 'succeeded', 'test', $2)`,
      [
        scheduledFor,
        {
          model: {
            version: 3,
            liveCheck: { version: 2, k: 100, testPrecision: consistent ? 0.05 : 0.6, estimate, consistent, sentence: '' },
          },
        },
      ],
    );

  beforeAll(async () => {
    service = await testService(db.pool);
    site = await servePage(service.app.app);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  it('shows the newest run: red and naming the interval when the test figure lies outside it', async () => {
    await run('2026-01-01T03:00:00Z', true);
    await run('2026-02-01T03:00:00Z', false);
    const page = await signIn(site, 'beheerder', { token: await service.token('beheerder', 'bea') });
    await page.goto(`${site.base}/#/jobs`);
    const live = page.locator('p.live-check');
    await live.waitFor();
    expect(await live.getAttribute('class')).toBe('bad live-check');
    expect(await live.textContent()).toBe(
      'Het actieve model 2: precisie in de top 100 op de labels van het testjaar 60%, BUITEN het interval van de aselecte steekproef (0%–7,2%; 40 adressen uit de top 100 in de steekproef). De labels waarop het model wordt beoordeeld, zijn niet representatief voor de woningen die het aanwijst: wantrouw de testcijfers.',
    );
    await page.context().close();
  }, 60_000);
});
