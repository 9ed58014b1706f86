// The HTML report as a person sees it: rendered by headless Chromium, asserted on what the page shows, screenshot
// kept under test-artifacts/ for a human look.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { CHROMIUM_ARGS, findChromium } from '../helpers/chromium';
import { runCli } from '../helpers/cli';
import { json, LATEST, tempDir } from '../helpers/fleetData';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');
const executable = findChromium();

const fleet = [
  ...['H1', 'H2', 'H3', 'H4', 'H5'].map((h) => json({ host: `PC-${h}`, status: 'healthy' })),
  json({
    host: 'PC-U1',
    status: 'unhealthy',
    version: LATEST - 150,
    codes: ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'],
    lastUpdate: '2026-10-01T00:00:00Z',
  }),
  json({
    host: 'PC-U2',
    status: 'unhealthy',
    version: LATEST - 40,
    codes: ['DEFINITIONS_STALE', 'PROXY_AUTH_REJECTED'],
    lastUpdate: '2026-11-10T00:00:00Z',
  }),
  json({
    host: '<img src=x onerror=alert(1)>',
    status: 'unhealthy',
    version: LATEST - 8,
    codes: ['DEFINITIONS_BEHIND', 'DNS_RESOLUTION_FAILED'],
  }),
  json({ host: 'PC-X1', status: 'undetermined', version: null, codes: ['DEFINITIONS_UNKNOWN'] }),
  json({ host: 'PC-N1', status: 'not_applicable', version: null, codes: ['CONNECTOR_NOT_FOUND'] }),
].join('\n');

async function report(t: Test, lang: 'en' | 'ja'): Promise<string> {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'fleet.ndjson'), fleet);
  const html = path.join(dir, `fleet-${lang}.html`);
  const run = await runCli(['fleet', path.join(dir, 'fleet.ndjson'), '--html', html, '--lang', lang]);
  t.equal(run.code, 0, run.stderr);
  return html;
}

async function openPage(t: Test, browser: BrowserContext, file: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage();
  t.teardown(() => page.close());
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  return { page, requests };
}

const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!;

if (!executable && process.env.CI !== 'true') {
  t.comment('chromium not found: HTML rendering test skipped (run .ci/install-chromium.sh to include it)');
  t.pass('skipped without chromium outside CI');
} else {
  t.ok(executable, 'chromium is installed (CI installs it with .ci/install-chromium.sh)');
  let browser: BrowserContext;
  t.before(async () => {
    // A throw-away profile (the --user-data-dir the project's flags call for, given the way playwright takes it).
    const profile = mkdtempSync(path.join(os.tmpdir(), 'tetra-chromium-'));
    t.teardown(() => rmSync(profile, { recursive: true, force: true }));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: executable!,
      // playwright adds --headless itself (headless: true) and refuses it among the args.
      headless: true,
      args: CHROMIUM_ARGS.filter((a) => a !== '--headless'),
      viewport: { width: 1100, height: 900 },
    });
  });
  t.teardown(() => browser?.close());

  t.test('English report: counts, charts in proportion, table, nothing fetched, screenshot', async (t) => {
    const file = await report(t, 'en');
    const { page, requests } = await openPage(t, browser, file);
    t.same(requests, [pathToFileURL(file).href], 'the page loads nothing but itself');
    t.equal(await page.locator('h1').innerText(), 'TETRA definitions across the fleet');
    t.equal(await page.locator('#card-endpoints .n').innerText(), '10');
    t.equal(await page.locator('#card-unhealthy .n').innerText(), '3');
    t.equal(await page.locator('#card-healthy .n').innerText(), '5');

    const statusText = await page.locator('#status').innerText();
    t.match(statusText, /healthy: 5/);
    t.match(statusText, /unhealthy: 3/);
    const healthySlice = await box(page, '#status [data-slice="healthy"]');
    const unhealthySlice = await box(page, '#status [data-slice="unhealthy"]');
    t.ok(
      healthySlice.width * healthySlice.height > unhealthySlice.width * unhealthySlice.height,
      'the healthy slice is the bigger one',
    );

    const causes = page.locator('#causes rect[data-bar]');
    t.same(
      await causes.evaluateAll((rects) => rects.map((r) => r.getAttribute('data-bar'))),
      ['PROXY_AUTH_REJECTED', 'DEFINITIONS_UNKNOWN', 'DNS_RESOLUTION_FAILED'],
      'ranked by endpoints affected; an unreadable state is a cause too',
    );
    const proxyBar = await box(page, '#causes rect[data-bar="PROXY_AUTH_REJECTED"]');
    const dnsBar = await box(page, '#causes rect[data-bar="DNS_RESOLUTION_FAILED"]');
    t.ok(
      Math.abs(proxyBar.width / dnsBar.width - 2) < 0.05,
      `bar lengths in proportion 2:1 (${proxyBar.width} vs ${dnsBar.width})`,
    );
    t.match(await page.locator('#causes').innerText(), /proxy answered 407/);

    const lag = async (bucket: string) => (await box(page, `#lag rect[data-bar="${bucket}"]`)).height;
    t.ok((await lag('0')) > (await lag('101+')), 'five current endpoints stand taller than the one far behind');
    t.equal(await page.locator('#lag rect[data-bar="1-5"]').getAttribute('data-value'), '0');
    t.match(await page.locator('#lag').innerText(), new RegExp(`latest version seen: ${LATEST}`));

    const rows = page.locator('#attention tbody tr');
    t.equal(await rows.count(), 4, 'three unhealthy and one undetermined endpoint listed');
    t.match(await rows.nth(0).innerText(), /PC-U1\s+unhealthy\s+2026-10-01/, 'oldest trouble first');
    t.equal(await page.locator('#attention img').count(), 0, 'a device name is text, never markup');
    t.match(await page.locator('#attention').innerText(), /<img src=x onerror=alert\(1\)>/);

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, 'fleet-report-en.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.ok(readFileSync(shot).length > 10_000, `screenshot kept at ${path.relative(process.cwd(), shot)}`);
  });

  t.test('Japanese report', async (t) => {
    const file = await report(t, 'ja');
    const { page } = await openPage(t, browser, file);
    t.equal(await page.locator('html').getAttribute('lang'), 'ja');
    t.equal(await page.locator('h1').innerText(), 'TETRA 定義の状況（全端末）');
    t.match(await page.locator('#causes').innerText(), /プロキシが 407 を応答/);
    t.match(await page.locator('#status').innerText(), /要対応: 3/);
    t.match(await page.locator('#attention').innerText(), /PC-U1\s+要対応/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'fleet-report-ja.png'), fullPage: true });
  });
}
