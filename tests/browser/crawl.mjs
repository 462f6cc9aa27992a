// The crawler (issue 16): as each role, on the demo data, follow every same-origin link and
// submit every GET form as a browser would (its defaults as rendered, then each option of
// each select in turn), record every URL's status, and on every HTML page run axe-core
// (WCAG 2.0/2.1/2.2 A and AA and the landmark best practices: 0 violations) and the reflow
// check (at 320 CSS px the page does not scroll sideways; whatever scrolls sideways is a
// focusable, labelled region). Started by tests/browser/crawl_test.cpp, which prepares the
// database and the accounts and passes them here:
//
//   node tests/browser/crawl.mjs --base URL --password PW --users ROLE=NAME,... --out DIR
//        [--pages N] [--per-kind N] [--checks N]
//
// ROLE=NAME pairs name the accounts (anonymous needs none and is always crawled).
// The crawl is bounded. URLs are the same when their path and sorted query are. Each role
// requests at most --checks URLs (default 1000), picked so that each kind of page (its path
// with ids taken out, and whether it has a query) is requested before a second URL of a kind already
// requested; every one must answer below 400. Of the HTML pages, at most --per-kind of each
// kind (default 2) and --pages in all (default 400) are rendered in chromium, where axe and
// the reflow check run and the GET forms are submitted; the links of the others are read
// from their markup. (axe takes 1–3 s a page on the project's 2 cores: every page of the
// demo data would take hours; pages of one kind come from one template.)
//
// Screenshots at 320 and 1,280 px of the dashboard, a contract page and /flags go to
// DIR/screenshots and are listed in the output. Prints one line per role with its counts,
// one "not ok - …" line per failure, and "crawl passed" or "crawl failed" at the end.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const args = { pages: '400', 'per-kind': '2', checks: '1000', users: '' };
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const name of ['base', 'password', 'out']) {
  if (!args[name]) { console.error(`usage: missing --${name}`); process.exit(2); }
}
const maxPages = Number(args.pages);
const maxChecks = Number(args.checks);
const perShape = Number(args['per-kind']);
const origin = new URL(args.base).origin;
const shotsDir = path.join(args.out, 'screenshots');
fs.mkdirSync(shotsDir, { recursive: true });

const failures = [];
function fail(role, url, what) {
  failures.push(`${role}: ${url}: ${what}`);
  console.log(`not ok - ${role}: ${url}: ${what}`);
}

// The rules axe runs: every rule of the WCAG A and AA tags, and the landmark best practices.
const kWcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const kBestPractices = [
  'landmark-one-main', 'region', 'landmark-unique', 'page-has-heading-one', 'bypass',
  'landmark-banner-is-top-level', 'landmark-contentinfo-is-top-level', 'landmark-main-is-top-level',
  'landmark-complementary-is-top-level', 'landmark-no-duplicate-banner',
  'landmark-no-duplicate-contentinfo', 'landmark-no-duplicate-main', 'heading-order',
  'empty-heading', 'empty-table-header', 'skip-link',
];

// A URL as the crawl keys it: path and sorted query, without the fragment.
function key(url) {
  const u = new URL(url);
  const params = [...u.searchParams.entries()].sort((a, b) => (a[0] + '=' + a[1]).localeCompare(b[0] + '=' + b[1]));
  return u.pathname + (params.length ? '?' + new URLSearchParams(params).toString() : '');
}

// The kind of page: its path with the ids taken out, and whether it has a query (a list
// filtered, sorted or paged is of one kind: one template, one form).
function shape(url) {
  const u = new URL(url);
  const segments = u.pathname.split('/').map((s, i) => (i >= 2 && /[0-9A-Z%]/.test(s) ? '{id}' : s));
  return segments.join('/') + (u.search ? '?' : '');
}

// The URLs a page leads to: its same-origin links, and its GET forms submitted with their
// defaults and with each option of each select (the other fields at their defaults).
async function outgoing(page) {
  return page.evaluate(() => {
    const found = [];
    for (const a of document.querySelectorAll('a[href]')) found.push({ url: a.href, how: `link "${a.textContent.trim().slice(0, 40)}"` });
    for (const form of document.querySelectorAll('form')) {
      if ((form.getAttribute('method') || 'get').toLowerCase() !== 'get') continue;
      const submitter = form.querySelector('button[type=submit], input[type=submit], button:not([type])');
      const url = (data) => {
        const target = new URL(form.action || location.href);
        target.search = new URLSearchParams(data).toString();
        return target.href;
      };
      const what = `form ${form.getAttribute('action') || '(this page)'}`;
      found.push({ url: url(new FormData(form, submitter)), how: `${what} with its defaults` });
      for (const select of form.querySelectorAll('select[name]')) {
        for (const option of select.options) {
          const data = new FormData(form, submitter);
          data.set(select.name, option.value);
          found.push({ url: url(data), how: `${what} with ${select.name}=${option.value}` });
        }
      }
    }
    return found;
  });
}

async function signIn(browser, name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (name) {
    await page.goto(`${args.base}/sign-in`);
    await page.fill('#name', name);
    await page.fill('#password', args.password);
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    if (page.url().includes('/sign-in')) throw new Error(`${name} could not sign in`);
  }
  return { context, page };
}

// axe on the page as it is: the violations, one line each.
async function axe(page) {
  // Evaluated through the DevTools protocol: the pages' Content-Security-Policy forbids
  // inline scripts, and stays on.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async ({ tags, extra }) => {
    const rules = [...new Set([...window.axe.getRules(tags).map((r) => r.ruleId), ...extra])];
    const result = await window.axe.run(document, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`);
  }, { tags: kWcagTags, extra: kBestPractices });
}

// Reflow (WCAG 1.4.10) at 320 CSS px: the page's width, and whatever scrolls sideways that
// is not a focusable region with a name and a visible cue (the .app-table-wrap class).
async function reflow(page) {
  await page.setViewportSize({ width: 320, height: 800 });
  const result = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('main *')) {
      const style = getComputedStyle(el);
      if (el.scrollWidth <= el.clientWidth + 1 || !['auto', 'scroll'].includes(style.overflowX)) continue;
      const named = el.getAttribute('aria-label') || document.getElementById(el.getAttribute('aria-labelledby') || '')?.textContent.trim();
      if (el.getAttribute('role') !== 'region' || el.tabIndex !== 0 || !named || !el.classList.contains('app-table-wrap'))
        bad.push(el.id || el.className || el.tagName);
    }
    return { width: document.documentElement.scrollWidth, bad };
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  return result;
}

const kScreens = [320, 1280];
async function screenshots(page, role, name) {
  const files = [];
  for (const width of kScreens) {
    await page.setViewportSize({ width, height: 800 });
    const file = path.join(shotsDir, `${role}-${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  return files;
}

// The links of an HTML page that is requested but not rendered: our own markup, so the
// href attributes of its <a> elements are found by pattern (entities &amp; &quot; &#39;).
function linksIn(html, base) {
  const found = [];
  for (const m of html.matchAll(/<a\s[^>]*?href="([^"]*)"[^>]*>/g)) {
    const href = m[1].replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    found.push({ url: new URL(href, base).href, how: 'link' });
  }
  return found;
}

async function crawl(browser, role, name) {
  const started = Date.now();
  const { context, page } = await signIn(browser, name);
  const queue = new Map();  // key → {url, from, how, order}
  const done = new Map();   // key → status
  const requestedShapes = new Map(), renderedShapes = new Map();
  const count = (map, s) => map.get(s) || 0;
  let order = 0;
  const add = (url, from, how) => {
    const u = new URL(url, args.base);
    if (u.origin !== origin) return;
    u.hash = '';
    const k = key(u.href);
    if (!done.has(k) && !queue.has(k)) queue.set(k, { url: u.href, from, how, order: order++ });
  };
  add(`${args.base}/`, '(start)', 'start');
  add(`${args.base}/open-data`, '(start)', 'start');
  let rendered = 0, checked = 0, broken = 0, widest = 0;
    const shots = [];
  while (queue.size > 0 && checked < maxChecks) {
    // The next URL: of the kind requested least so far, then the earliest found.
    let best = null;
    for (const [k, item] of queue) {
      const s = count(requestedShapes, shape(item.url));
      if (!best || s < best.s || (s === best.s && item.order < best.item.order)) best = { k, item, s };
    }
    queue.delete(best.k);
    const { url, from, how } = best.item;
    const kind = shape(url);
    requestedShapes.set(kind, count(requestedShapes, kind) + 1);
    ++checked;
    const response = await context.request.get(url, { maxRedirects: 5, failOnStatusCode: false });
    const status = response.status();
    const type = response.headers()['content-type'] || '';
    done.set(best.k, status);
    if (status >= 400) {
      ++broken;
      fail(role, key(url), `answers ${status}, reached by ${how} on ${from}`);
      continue;
    }
    if (name && new URL(response.url()).pathname === '/sign-in') {
      fail(role, key(url), `sends a signed-in user to the sign-in page (${how} on ${from})`);
      continue;
    }
    if (!type.startsWith('text/html')) continue;
    if (rendered >= maxPages || count(renderedShapes, kind) >= perShape) {
      for (const next of linksIn(await response.text(), response.url())) add(next.url, key(url), next.how);
      continue;
    }
    renderedShapes.set(kind, count(renderedShapes, kind) + 1);
    ++rendered;
    const visit = await page.goto(url);
    if (!visit || visit.status() >= 400) {
      fail(role, key(url), `answers ${visit && visit.status()} in the browser`);
      continue;
    }
    const here = key(page.url());
    for (const v of await axe(page)) fail(role, here, `axe: ${v}`);
    const { width, bad } = await reflow(page);
    widest = Math.max(widest, width);
    if (width > 320) fail(role, here, `reflow: ${width} px wide at 320 px`);
    if (bad.length) fail(role, here, `reflow: scrolls sideways outside a labelled, focusable .app-table-wrap region: ${bad.join(', ')}`);
    for (const next of await outgoing(page)) add(next.url, here, next.how);
    // The screenshots of issue 16 item 9, the first time each page is met.
    const p = new URL(page.url()).pathname;
    const wanted = role === 'minister' && (p === '/dashboard' || p === '/flags') && !new URL(page.url()).search
      ? p.slice(1)
      : (role === 'commercial' && /^\/contracts\/[^/]+$/.test(p) ? 'contract' : null);
    if (wanted && !shots.some((f) => f.includes(`-${wanted}-`))) shots.push(...(await screenshots(page, role, wanted)));
  }
  await context.close();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${role}${name ? ` (${name})` : ''}: ${checked} URLs requested (${broken} answered 400 or more), ` +
              `${rendered} pages of ${renderedShapes.size} kinds rendered and checked with axe and at 320 px (widest ${widest} px), ` +
              `${queue.size} URLs found but not requested (cap ${maxChecks}), ${seconds} s`);
  return shots;
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const shots = [];
  try {
    // The harness itself: axe, as run here, finds the faults of a page known to have them.
    {
      const page = await browser.newPage();
      await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
      const found = (await axe(page)).map((v) => v.split(' ')[0]);
      for (const rule of ['html-has-lang', 'image-alt', 'label', 'landmark-one-main', 'page-has-heading-one'])
        if (!found.includes(rule)) fail('harness', '(a bad page)', `axe did not report ${rule} (it reported ${found.join(', ')})`);
      console.log(`axe reports ${found.length} rules broken by a page known to be bad: ${found.join(', ')}`);
      await page.close();
    }
    const users = [['anonymous', ''], ...args.users.split(',').filter(Boolean).map((p) => p.split('='))];
    // The roles at once, each in its own browser context: the server and chromium share the
    // machine's cores, and a role's crawl waits on both in turn.
    for (const found of await Promise.all(users.map(([role, name]) => crawl(browser, role, name)))) shots.push(...found);
  } finally {
    await browser.close();
  }
  for (const file of shots) console.log(`screenshot: ${file}`);
  console.log(`${failures.length === 0 ? 'crawl passed' : 'crawl failed'}: ${failures.length} failures`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.log(`not ok - ${error.stack || error.message}`);
  process.exit(1);
});
