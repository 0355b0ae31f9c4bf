import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../service/http/errors.ts';
import { HAVE_CHROMIUM, servePage, signIn, type ServedPage } from '../support/browser.ts';
import { useTestDatabase } from '../support/database.ts';
import { embeddedConfig, testService, type TestService } from '../support/service.ts';

/**
 * Every error the API can answer with, as the OpenAPI document lists it (each code, and
 * each reason a code may carry), shown on the page in the page's own words — Dutch by
 * default, English after switching — and never as the service's English message alone.
 * The answer is put in place of a real one in the browser, so that every code is walked,
 * also those a test cannot provoke (a database going down, an issuer not answering).
 */
interface ErrorSchema {
  properties: { error: { properties: { code: { enum: string[] }; reason: { enum: string[] } } } };
}

const MESSAGE = 'THE SERVICE SAID THIS IN ENGLISH';
const DATE_REASONS = ['before_approval', 'beyond_horizon', 'in_future'];

describe.skipIf(!HAVE_CHROMIUM)('the page has its own words for every API error', () => {
  const db = useTestDatabase();
  let service: TestService;
  let site: ServedPage;
  let codes: string[] = [];
  let reasons: string[] = [];

  beforeAll(async () => {
    service = await testService(db.pool, { config: embeddedConfig({ HENNEP_DEMO_SIGN_IN: 'on' }) });
    site = await servePage(service.app.app);
    const document = (await (await fetch(`${site.base}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }>>;
      components: { schemas: { Error: ErrorSchema } };
    };
    // Every error answer refers to the one error body.
    expect(document.paths['/api/v1/jobs']!.get!.responses['403']!.content!['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    const schema = document.components.schemas.Error;
    codes = schema.properties.error.properties.code.enum;
    reasons = schema.properties.error.properties.reason.enum;
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await service?.app.drain();
  });

  it('lists every code the service uses in the OpenAPI document', () => {
    expect(codes).toEqual([...ERROR_CODES]);
    expect(reasons).toEqual(expect.arrayContaining(DATE_REASONS));
  });

  it('shows a text of its own for each code and reason, in Dutch and in English', async () => {
    const page = await signIn(site, 'beheerder', { name: 'foutenlezer' });
    await page.locator('#models').waitFor();
    let answer: Record<string, unknown> = {};
    // Any refusal but 401, which signs the user out before the text is shown: the text is chosen by code, not status.
    await page.route('**/api/v1/jobs', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { message: MESSAGE, ...answer }, requestId: 'req-1' }),
      }),
    );
    const cases = [
      ...codes.map((code) => ({ code })),
      ...reasons.map((reason) =>
        DATE_REASONS.includes(reason)
          ? { code: 'invalid_request', reason, field: 'body.plannedFor', bound: '2026-03-02' }
          : { code: 'unauthenticated', reason },
      ),
    ];
    const texts: Record<string, Set<string>> = { nl: new Set(), en: new Set() };
    for (const lang of ['nl', 'en'] as const) {
      if (lang === 'en') await page.getByRole('button', { name: 'Switch to English' }).click();
      for (const [i, c] of cases.entries()) {
        answer = c;
        // The previous case's box goes first, so that the one waited for is this case's.
        await page.evaluate((name) => {
          const g = globalThis as unknown as {
            document: { getElementById(id: string): { replaceChildren(): void } };
            location: { hash: string };
          };
          g.document.getElementById('main').replaceChildren();
          g.location.hash = `#/jobs?case=${name}`;
        }, `${lang}-${i}`);
        const box = page.locator(`[data-error-code="${c.code}"] .error-text`);
        await box.waitFor();
        const text = (await box.textContent())!;
        const name = `${lang} ${c.code} ${'reason' in c ? c.reason : ''}`;
        expect(text, name).not.toContain(MESSAGE);
        expect(text, name).not.toMatch(lang === 'nl' ? /die deze pagina niet kent/ : /this page does not know/);
        if ('bound' in c) expect(text, name).toContain(lang === 'nl' ? '2 maart 2026' : '2 March 2026');
        texts[lang]!.add(text);
        // The service's words stay at hand, folded away, for whoever supports the user.
        expect(await page.locator(`[data-error-code="${c.code}"] details code`).textContent()).toBe(`${MESSAGE} (req-1)`);
      }
    }
    // A text per code: not one generic sentence for all.
    expect(texts.nl!.size).toBeGreaterThan(codes.length - 3);
    expect([...texts.nl!].some((t) => texts.en!.has(t))).toBe(false);
    await page.context().close();
  }, 120_000);
});
