// A contract performance notice from draft to published in a real browser (SPEC §7.3,
// docs/notices.md "On the pages"), across three accounts: two commercial users of the
// contract's authority (the drafter and the approver) and the contract's supplier. Started
// by tests/browser/notices_flow_test.cpp, which prepares the database and the accounts:
//
//   node tests/browser/notices_flow.mjs --base URL --password PW --drafter NAME
//        --approver NAME --supplier NAME --contract ID --supplier-id ID --screenshots DIR
//
// Prints one "ok - …" line per check and "notice flow passed" at the end; exits 1 on the
// first failure with "not ok - …" and the reason.
import { chromium } from 'playwright-core';
import { check, parseArgs, shot as shotIn, signIn as signInAs } from './support.mjs';

const args = parseArgs(['base', 'password', 'drafter', 'approver', 'supplier', 'contract', 'supplier-id', 'screenshots']);
const shot = (page, name) => shotIn(page, args.screenshots, name);
const signIn = async (browser, name) => (await signInAs(browser, args.base, name, args.password)).page;

// Clicks and waits for the page the form or link leads to.
async function go(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

const state = async (page) => page.locator('#notice-state').getAttribute('data-state');
const banner = async (page) => (await page.locator('#notice-banner').innerText()).trim();
const csrf = async (page) => page.locator('input[name=csrf]').first().inputValue();

// A step posted as the form would post it, whether or not the page offers it: what the
// server answers to someone who forges the form.
async function forcedStep(page, noticePath, to) {
  const response = await page.request.post(`${args.base}${noticePath}/transitions`, {
    form: { csrf: await csrf(page), to, note: '' }, maxRedirects: 0,
  });
  return response.status();
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const drafter = await signIn(browser, args.drafter);
    const approver = await signIn(browser, args.approver);
    const supplier = await signIn(browser, args.supplier);

    // The due list of the drafter's authority names the contract and leads to the form.
    await drafter.goto(`${args.base}/notices/due`);
    const dueRow = drafter.locator('#notices-due tr', { hasText: args.contract });
    check(await dueRow.count() > 0, `the due list shows ${args.contract}`);
    check((await dueRow.first().innerText()).includes('annual'), 'its line is an annual assessment');
    await shot(drafter, 'notices-due');
    check((await supplier.goto(`${args.base}/notices/due`)).status() === 403, 'the supplier has no due list (403)');

    // 1. The drafter drafts from the contract page; the window is offered, KPIs by default.
    await drafter.goto(`${args.base}/contracts/${encodeURIComponent(args.contract)}`);
    await go(drafter, '#new-notice');
    check(drafter.url().endsWith('/notices/new'), 'the contract page leads to the draft form');
    check((await drafter.inputValue('#first')) !== '' && (await drafter.inputValue('#last')) !== '',
      'the form offers a window');
    // A window that does not parse is refused at its field, keeping what was typed.
    const offeredFirst = await drafter.inputValue('#first');
    await drafter.fill('#first', 'last spring');
    await go(drafter, '#draft-notice');
    check(await drafter.locator('.govuk-error-summary a[href="#first"]').count() === 1,
      'a bad first period: the error summary links to its field');
    check((await drafter.inputValue('#first')) === 'last spring', 'the form keeps what was typed');
    await drafter.fill('#first', offeredFirst);
    await go(drafter, '#draft-notice');
    const noticePath = new URL(drafter.url()).pathname;
    check(/^\/notices\/\d+$/.test(noticePath), `the draft is notice ${noticePath}`);
    check((await banner(drafter)).includes('drafted'), 'a banner says the notice was drafted');
    check(await state(drafter) === 'draft', 'the notice is a draft');
    const kpiRows = drafter.locator('#notice-kpis tbody tr');
    check(await kpiRows.count() === 3, 'three KPIs are assessed by default (SPEC §7.2)');
    check(await drafter.locator('#step-approve').count() === 0, 'a draft offers no approval');
    await shot(drafter, 'notice-draft');

    // The supplier does not see a draft.
    check((await supplier.goto(`${args.base}${noticePath}`)).status() === 403, 'the supplier cannot open a draft (403)');

    // 2. The drafter changes the first KPI's rating: a reason is required.
    const kpi = await kpiRows.first().getAttribute('data-kpi');
    await go(drafter, `#notice-kpis tr[data-kpi="${kpi}"] a`);
    const proposed = await drafter.locator('input[name=rating]:checked').inputValue();
    const chosen = proposed === 'good' ? 'requires_improvement' : 'good';
    await drafter.check(`#rating-${chosen}`);
    await go(drafter, '#save-rating');
    check(await drafter.locator('.govuk-error-summary a[href="#reason"]').count() === 1,
      'a changed rating without a reason: the error summary links to the reason');
    check(await drafter.locator(`#rating-${chosen}`).isChecked(), 'the chosen rating is kept');
    await shot(drafter, 'notice-rating-refused');
    await drafter.fill('#reason', 'The helpdesk logs show the target was met after the outage.');
    await go(drafter, '#save-rating');
    check((await banner(drafter)).includes('Rating changed'), 'a banner says the rating changed');
    const ratingCell = `#notice-kpis tr[data-kpi="${kpi}"] td[data-rating]`;
    check(await drafter.locator(ratingCell).getAttribute('data-rating') === chosen, `${kpi} is now rated ${chosen}`);

    // 3. Sent to the supplier. The drafter may not approve it.
    await go(drafter, '#step-send');
    check(await state(drafter) === 'with_supplier', 'the notice is with the supplier');
    check(await drafter.locator('#step-approve').count() === 0, 'the drafter is offered no approval');
    check((await drafter.locator('#notice-waiting').innerText()).includes('second commercial user'),
      'the drafter is told a second commercial user approves');
    check(await forcedStep(drafter, noticePath, 'approved') === 409, 'the drafter approving their own notice is refused (409)');

    // 4. The supplier gives its contact details (reg 39(4)(f)), comments and agrees; it may
    // not approve.
    await supplier.goto(`${args.base}${noticePath}`);
    check(await state(supplier) === 'with_supplier', 'the supplier sees the notice sent to it');
    check(await supplier.locator('#step-approve').count() === 0, 'the supplier is offered no approval');
    check(await forcedStep(supplier, noticePath, 'approved') === 403, 'the supplier approving is refused (403)');
    const token = await csrf(supplier);
    const contactStatus = await supplier.evaluate(async ({ id, token }) => {
      const r = await fetch(`/api/v1/suppliers/${encodeURIComponent(id)}/contact`, {
        method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
        body: JSON.stringify({ postal_address: '1 Example Street, Leeds LS1 1AA', email: 'contracts@example.com' }),
      });
      return r.status;
    }, { id: args['supplier-id'], token });
    check(contactStatus === 200, 'the supplier records its postal address and email');
    await supplier.fill('#text', 'We agree with the ratings.');
    await go(supplier, '#add-comment');
    check((await banner(supplier)).includes('Comment added'), 'the supplier commented');
    await go(supplier, '#agree');
    check((await banner(supplier)).includes('agreed'), 'the supplier agreed');
    check(await supplier.locator('#agree').count() === 0, 'the supplier agrees once');

    // 5. The second commercial user approves and publishes.
    await approver.goto(`${args.base}${noticePath}`);
    check((await approver.locator('#notice-agreed').innerText()).includes(args.supplier), 'the approver sees the agreement');
    await go(approver, '#step-approve');
    check(await state(approver) === 'approved', 'the second commercial user approved it');
    await go(approver, '#step-publish');
    check((await banner(approver)).includes('published'), 'a banner says the notice was published');

    // 6. The published notice, read-only for each of them.
    for (const [who, page] of [['drafter', drafter], ['approver', approver], ['supplier', supplier]]) {
      await page.goto(`${args.base}${noticePath}`);
      check(await state(page) === 'published', `${who}: the notice is published`);
      check(await page.locator(ratingCell).getAttribute('data-rating') === chosen, `${who}: ${kpi} is rated ${chosen}`);
      check((await page.locator(`#notice-kpis tr[data-kpi="${kpi}"]`).innerText()).includes('outage'),
        `${who}: the reason for the change is shown`);
      check(await page.locator('main form').count() === 0, `${who}: the published notice offers no form`);
      check((await page.locator('#supplier-contact').innerText()).includes('contracts@example.com'),
        `${who}: the supplier's email is on the notice`);
    }
    const path = await drafter.locator('#notice-path tbody').innerText();
    for (const step of ['draft → with_supplier', 'with_supplier → approved', 'approved → published', args.approver, args.drafter]) {
      check(path.includes(step), `the path shows "${step}"`);
    }
    await shot(drafter, 'notice-published');
    check(await forcedStep(approver, noticePath, 'draft') === 409, 'a published notice never moves (409)');

    // The list, filtered to published notices, holds it; the supplier's list too.
    await drafter.goto(`${args.base}/notices?state=published`);
    check(await drafter.locator(`#notice-list a[href="${noticePath}"]`).count() === 1, 'the published list holds the notice');
    await supplier.goto(`${args.base}/notices`);
    check(await supplier.locator(`#notice-list a[href="${noticePath}"]`).count() === 1, 'the supplier\'s notices hold it');
    console.log('notice flow passed');
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.log(`not ok - ${error.message}`);
  process.exit(1);
});
