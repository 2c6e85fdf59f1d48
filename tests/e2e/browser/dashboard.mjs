// Drives the CheckpointGrid dashboard in Debian's headless Chromium (never a downloaded browser).
//
//   node dashboard.mjs <dashboard url> <screenshot path>
//
// Opens the page and fails on any request to another origin, console error or page error.
// Prints "ready" once the page says it is ready (body[data-ready=true]) and live, then reads lines
// of JSON from stdin, the Nth answered by a line ending in " N":
// - {"selectors": {"<css selector>": "<expected data-value>"}, "timeoutMs": T, "screenshot": PATH?}
//   waits (inside the page, no fixed sleeps) until every selector's element has exactly that
//   data-value, takes a full-page screenshot (to PATH, else the path given as argument) and
//   prints "ok N"; on timeout prints "mismatch N <json of selector → actual data-value>" and exits 1.
// - {"goto": "<url relative to the dashboard's>"} opens it and prints "ready N" once it is ready.
// - {"done": true} (or the end of stdin) exits 0.
// Any other failure prints "error <message>" and exits 1.
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [url, screenshotPath] = process.argv.slice(2);
if (!url || !screenshotPath) {
  console.log('error usage: node dashboard.mjs <dashboard url> <screenshot path>');
  process.exit(2);
}
const origin = new URL(url).origin;
const READY_TIMEOUT_MS = 30_000;
// Read stdin from the start, so that lines written early are not missed.
const requests = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

// The first problem the page shows; every wait races against it.
let reportProblem;
const problem = new Promise((_, reject) => {
  reportProblem = (message) => reject(new Error(message));
});
problem.catch(() => {});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let exitCode = 1;
try {
  // Reduced motion turns the page's bar transitions off, so the screenshot shows settled values.
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  page.on('request', (request) => {
    const target = new URL(request.url());
    if (!['data:', 'blob:', 'about:'].includes(target.protocol) && target.origin !== origin) {
      reportProblem(`request to another origin: ${request.url()}`);
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') reportProblem(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => reportProblem(`page error: ${error.message}`));

  await open(page, url);
  console.log('ready');

  for (let step = 1; ; step++) {
    const next = await Promise.race([problem, requests.next()]);
    if (next.done) break;
    const request = JSON.parse(next.value);
    if (request.done) break;
    if (request.goto) {
      await open(page, new URL(request.goto, url).href);
      console.log(`ready ${step}`);
      continue;
    }
    const mismatch = await Promise.race([problem, waitForValues(page, request.selectors ?? {}, request.timeoutMs ?? 20_000)]);
    await page.screenshot({ path: request.screenshot ?? screenshotPath, fullPage: true });
    if (mismatch) {
      console.log(`mismatch ${step} ${JSON.stringify(mismatch)}`);
      throw new Error(`step ${step} did not match`);
    }
    console.log(`ok ${step}`);
  }
  exitCode = 0;
} catch (error) {
  console.log(`error ${error?.message ?? error}`);
} finally {
  await browser.close();
}
process.exit(exitCode);

/** Opens a page of the dashboard and waits until it is ready and live. */
async function open(page, target) {
  await Promise.race([problem, page.goto(target, { waitUntil: 'load' })]);
  await Promise.race([problem, page.waitForFunction(
    () => document.body.dataset.ready === 'true'
      && document.querySelector('[data-testid="connection"]')?.dataset.state === 'live',
    null, { timeout: READY_TIMEOUT_MS })]);
}

/** Waits until every selector's data-value is as expected; null then, else selector → actual. */
async function waitForValues(page, expected, timeout) {
  try {
    await page.waitForFunction(
      (wanted) => Object.entries(wanted).every(([selector, value]) => document.querySelector(selector)?.dataset.value === value),
      expected, { timeout });
    return null;
  } catch (error) {
    if (error?.name !== 'TimeoutError') throw error;
    return page.evaluate((wanted) => Object.fromEntries(Object.entries(wanted)
      .filter(([selector, value]) => document.querySelector(selector)?.dataset.value !== value)
      .map(([selector]) => [selector, document.querySelector(selector)?.dataset.value ?? null])), expected);
  }
}
