import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startApp, type TestApp } from './app.ts';

const chromiumPath = '/usr/bin/chromium';
const artifacts = path.resolve('test-artifacts/ui');

export interface BrowserApp {
  t: TestApp;
  /** The app's own URL (it listens on a free port). */
  base: string;
  browser: Browser;
  /** Saves a full-page screenshot under test-artifacts/ui. */
  shot: (page: Page, name: string) => Promise<Buffer>;
  close: () => Promise<void>;
}

/** The app with the built web UI and the demo, listening on a free port, and Debian's Chromium to drive it. */
export async function startBrowserApp(): Promise<BrowserApp> {
  if (!existsSync(chromiumPath))
    throw new Error(`Chromium is missing at ${chromiumPath}: apt-get install -y chromium (.ci/run does it)`);
  execFileSync(process.execPath, ['scripts/ensure-web.mjs'], { stdio: 'inherit' });
  mkdirSync(artifacts, { recursive: true });
  const t = await startApp({ DEMO: 'on', DEMO_PORT: '0' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    t,
    base,
    browser,
    shot: (page, name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true }),
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}
