// What the browser scripts share (tests/browser/run.mjs, notices_flow.mjs): their arguments
// (--name value pairs, each required one checked), the "ok - …" check lines, screenshots,
// and signing in as an account in a context of its own.
import fs from 'node:fs';
import path from 'node:path';

// The --name value pairs of the command line; exits 2 naming the first required one absent.
// The screenshots folder, when there is one, is made.
export function parseArgs(required) {
  const args = {};
  for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  for (const name of required) {
    if (!args[name]) { console.error(`usage: missing --${name}`); process.exit(2); }
  }
  if (args.screenshots) fs.mkdirSync(args.screenshots, { recursive: true });
  return args;
}

// One check: "ok - what", or throws with `what` (the script prints "not ok - what").
export function check(condition, what) {
  if (!condition) throw new Error(what);
  console.log(`ok - ${what}`);
}

export async function shot(page, dir, name) {
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

// Signs `name` in through the form in a new context; an anonymous visit must be sent to the
// sign-in page first. Returns the context and its page.
export async function signIn(browser, base, name, password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/`);
  check(page.url().includes('/sign-in'), `${name}: an anonymous visit is sent to the sign-in page`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  check(!page.url().includes('/sign-in'), `${name}: signed in and left the sign-in page (${page.url()})`);
  return { context, page };
}
