import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it when missing), or HENNEP_CHROMIUM. */
export const CHROMIUM = process.env.HENNEP_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`web page tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set HENNEP_CHROMIUM)`);

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
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
