import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * The web page in a real browser for the tests in test/web: the app served on a loopback
 * port, Debian's Chromium to open it in, and the steps every test starts with — a fresh
 * context, signing in (demo sign-in or a token), giving the purpose, reading the risk list.
 */

/** Debian's Chromium (`.ci/run` installs it when missing), or HENNEP_CHROMIUM. */
export const CHROMIUM = process.env.HENNEP_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
  console.warn(`web page tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set HENNEP_CHROMIUM)`);

export interface ServedPage {
  /** http://127.0.0.1:<port> of the app. */
  base: string;
  browser: Browser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/**
 * The app on a free loopback port and a headless Chromium to open it in, started as the
 * machine notes start it: without the background-networking flags Chromium keeps trying
 * to reach Google's hosts through a closed network.
 */
export async function servePage(app: express.Express): Promise<ServedPage> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface PageOptions {
  /** Viewport width; the height is 900. Default 1280. */
  width?: number;
  /** The browser's locale, e.g. nl-NL; the page's language is its own choice, not this. */
  locale?: string;
  acceptDownloads?: boolean;
  /** Collects what the Content-Security-Policy refused and script errors, for a test that asserts there were none. */
  violations?: string[];
}

/** A fresh browser context (its own session storage) with the page opened, not signed in. */
export async function openPage(site: ServedPage, options: PageOptions = {}): Promise<Page> {
  const context: BrowserContextOptions = { viewport: { width: options.width ?? 1280, height: 900 } };
  if (options.locale) context.locale = options.locale;
  if (options.acceptDownloads) context.acceptDownloads = true;
  const page = await (await site.browser.newContext(context)).newPage();
  const violations = options.violations;
  if (violations) {
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  }
  await page.goto(site.base);
  return page;
}

export interface SignInOptions extends PageOptions {
  /** Sign in with this token (from `hennep token`) instead of the demo sign-in. */
  token?: string;
  /** What the demo sign-in's name field holds; the role is appended to it. Default `test`. */
  name?: string;
  /** Give this purpose when the page asks for one. */
  purpose?: string;
}

/**
 * A fresh context signed in as `role` by the demo sign-in (HENNEP_DEMO_SIGN_IN=on), or
 * with `options.token`; with `options.purpose`, past the purpose dialog too.
 */
export async function signIn(site: ServedPage, role: string, options: SignInOptions = {}): Promise<Page> {
  const page = await openPage(site, options);
  if (options.token) {
    await submitToken(page, options.token);
  } else {
    await page.getByLabel('Naam').fill(options.name ?? 'test');
    await page.locator(`button[data-role="${role}"]`).click();
  }
  await page.locator('#sign-out').waitFor();
  if (options.purpose) await givePurpose(page, options.purpose);
  return page;
}

/** Signs in on the token form, as an operator's user would with a token from `hennep token`. */
export async function submitToken(page: Page, token: string): Promise<void> {
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.locator('#token-sign-in').waitFor({ state: 'detached' });
}

/** Answers the purpose dialog, in Dutch, and waits for it to close. */
export async function givePurpose(page: Page, purpose: string): Promise<void> {
  const dialog = page.locator('#purpose-dialog');
  await dialog.waitFor({ state: 'visible' });
  await page.getByLabel(/Doel of zaaknummer/).fill(purpose);
  await page.getByRole('button', { name: 'Doel vastleggen' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** A row of the risk list as the page shows it. */
export interface RiskRow {
  rank: string;
  addressId: string;
  address: string;
  reasons: string[];
}

/** The few parts of a DOM element read in the browser below: test/ is type-checked without the DOM library. */
interface BrowserElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
}

/** The risk list's rows once at least `rows` of them are shown (a page holds fifty). */
export async function readRiskList(page: Page, rows = 50): Promise<RiskRow[]> {
  const table = page.locator('#risk-table tbody tr');
  await table.nth(rows - 1).waitFor();
  return table.evaluateAll((trs: BrowserElement[]) =>
    trs.map((tr) => ({
      rank: tr.querySelector('td')?.textContent ?? '',
      addressId: (tr.querySelector('a')?.getAttribute('href') ?? '').split('/').pop() ?? '',
      address: tr.querySelector('a')?.textContent ?? '',
      reasons: [...tr.querySelectorAll('ul.reasons li')].map((li) => li.textContent ?? ''),
    })),
  );
}
