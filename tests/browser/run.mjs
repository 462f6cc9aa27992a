// The browser tests of the web pages (issue #7): Debian's chromium driven by playwright-core
// against a running `scorecard serve`. Started by tests/browser/browser_test.cpp, which
// prepares the database and the accounts and passes them here:
//
//   node tests/browser/run.mjs --base URL --password PW --minister NAME --commercial NAME
//        --supplier NAME --token MINISTER_BEARER_TOKEN --contract ID (the supplier's)
//        --other-supplier ID --other-contract ID --screenshots DIR
//
// After the return, the supplier disputes a rating of that period, the commercial user
// upholds it, and the supplier's statement shows the amended score.
//
// Prints one "ok - …" line per check and "browser tests passed" at the end; exits 1 on the
// first failure with "not ok - …" and the reason.
import { chromium } from 'playwright-core';
import { check, parseArgs, shot as shotIn, signIn as signInAs } from './support.mjs';

const args = parseArgs(['base', 'password', 'minister', 'commercial', 'supplier', 'token', 'contract',
                        'other-supplier', 'other-contract', 'screenshots']);
const shot = (page, name) => shotIn(page, args.screenshots, name);
const signIn = (browser, name) => signInAs(browser, args.base, name, args.password);

const text = async (page, selector) => (await page.locator(selector).first().innerText()).trim();

// Reflow (WCAG 1.4.10): the page is no wider than the screen, and every table wider than its
// container sits in a region that keyboards can focus and that is labelled by its caption.
async function checkReflow(page, what) {
  const { width, viewport, unlabelled } = await page.evaluate(() => {
    const unlabelled = [...document.querySelectorAll('table')].filter((table) => {
      const region = table.closest('[role=region]');
      if (table.scrollWidth <= (region || table.parentElement).clientWidth) return false;
      const label = region && document.getElementById(region.getAttribute('aria-labelledby') || '');
      return !(region && region.tabIndex === 0 && label && label.textContent.trim() !== '');
    }).map((table) => table.id || '(a table without an id)');
    return { width: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth, unlabelled };
  });
  check(width <= viewport, `${what}: ${width} px wide in a ${viewport} px window`);
  check(unlabelled.length === 0, `${what}: wide tables scroll in focusable, labelled regions (${unlabelled.join(', ') || 'all'})`);
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    // Sign-in refuses a wrong password with an error summary.
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${args.base}/sign-in`);
      await page.fill('#name', args.minister);
      await page.fill('#password', 'not the password');
      await page.click('button[type=submit]');
      check(await page.locator('.govuk-error-summary').isVisible(), 'a wrong password shows the error summary');
      await shot(page, 'sign-in-error');
      await context.close();
    }

    // Minister: the dashboard's figures are the API's.
    {
      const { context, page } = await signIn(browser, args.minister);
      check(page.url().endsWith('/dashboard'), 'the minister starts on the dashboard');
      const response = await fetch(`${args.base}/api/v1/summary`, { headers: { Authorization: `Bearer ${args.token}` } });
      const summary = await response.json();
      for (const key of ['suppliers', 'active_contracts', 'open_flags', 'authorities']) {
        const shown = await text(page, `#total-${key}`);
        check(shown === String(summary.totals[key]), `dashboard ${key} ${shown} = API ${summary.totals[key]}`);
      }
      for (const rating of ['good', 'approaching', 'requires_improvement', 'inadequate', 'missing']) {
        const shown = await text(page, `[data-rating-count=${rating}]`);
        check(shown === String(summary.ratings[rating]), `dashboard ${rating} count ${shown} = API ${summary.ratings[rating]}`);
      }
      const mean = summary.mean_score === null ? '–' : summary.mean_score.toFixed(1);
      check((await text(page, '#mean-score')) === mean, `dashboard mean score = API ${mean}`);
      check(await page.locator('svg#ratings-chart, svg[aria-labelledby^="ratings-chart"]').count() === 1, 'the rating distribution is drawn as SVG');
      await shot(page, 'minister-dashboard');
      // The trend: 12 months, none of them in progress; a provisional month says how many
      // contracts have returned. The flagged suppliers: the first 20 and a link to /flags.
      const months = summary.trend.map((m) => m.period);
      check(months.length === 12, `the API's trend has 12 months (${months.join(' ')})`);
      for (const m of summary.trend) {
        const row = page.locator(`#trend-table tr[data-period="${m.period}"]`);
        check(await row.count() === 1, `the trend table has ${m.period}`);
        const cells = await row.locator('td').allInnerTexts();
        check(cells[1].trim() === `${m.returned} of ${m.expected}`, `${m.period}: ${cells[1].trim()} returned = API ${m.returned} of ${m.expected}`);
        check((await row.locator('.govuk-tag').count() === 1) === m.provisional, `${m.period} is marked provisional: ${m.provisional}`);
      }
      const flaggedRows = await page.locator('#flagged-table tbody tr').count();
      check(flaggedRows === Math.min(20, summary.flagged_suppliers.length), `the dashboard lists ${flaggedRows} of ${summary.flagged_suppliers.length} flagged suppliers`);
      check(await page.locator('a#all-flags[href="/flags"]').count() === 1, 'the dashboard links to every flag');
      // On a 320 px screen nothing scrolls sideways, on the dashboard and the annual report
      // (chosen with the form's defaults).
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(`${args.base}/dashboard`);
      await checkReflow(page, 'the dashboard at 320 px');
      await shot(page, 'minister-dashboard-320');
      await page.goto(`${args.base}/reports`);
      await checkReflow(page, 'the reports page at 320 px');
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="/reports/annual"] button[type=submit]')]);
      check(page.url().includes('/reports/annual?'), `the report form opens the annual report (${page.url()})`);
      check(await page.locator('#annual-summary').isVisible(), 'the annual report opens');
      await checkReflow(page, 'the annual report at 320 px');
      await shot(page, 'minister-annual-report-320');
      await context.close();
    }

    // Commercial: contract list and a contract scorecard.
    {
      const { context, page } = await signIn(browser, args.commercial);
      check(page.url().endsWith('/contracts'), 'the commercial user starts on the contract list');
      check(await page.locator('#contracts tbody tr').count() > 0, 'the contract list has rows');
      await shot(page, 'commercial-contracts');
      await page.goto(`${args.base}/contracts/${encodeURIComponent(args.contract)}`);
      check(await page.locator('#kpi-periods').count() === 1, 'the contract scorecard shows the KPI × period table');
      await shot(page, 'commercial-contract-scorecard');
      await page.click('a[href^="/suppliers/"]');
      check(await page.locator('#supplier-score').count() === 1, 'the supplier scorecard opens from the contract');
      await shot(page, 'commercial-supplier-scorecard');
      await page.goto(`${args.base}/flags`);
      await shot(page, 'commercial-flags');
      await context.close();
    }

    // The rating the supplier disputes below: the first KPI of the period it returns.
    const disputed = {};

    // Supplier: submit a bad return, then a return rated inadequate on every KPI.
    {
      const { context, page } = await signIn(browser, args.supplier);
      await shot(page, 'supplier-contracts');
      const formUrl = `${args.base}/contracts/${encodeURIComponent(args.contract)}/return`;
      await page.goto(formUrl);
      const period = await page.locator('#choose-period option[selected]').getAttribute('value');
      const hints = await page.locator('.govuk-hint').allInnerTexts();
      check(hints.length > 0, `the return form has one field per KPI (${hints.length}) for ${period}`);
      // Values below the minimum (higher is better) or above it (lower is better).
      const inadequate = hints.map((hint) => {
        const minimum = Number(/minimum (-?[0-9.]+)/.exec(hint)[1]);
        return hint.includes('higher is better') ? Math.max(0, minimum - 1) : minimum + 1;
      });

      disputed.period = period;
      disputed.kpi = (await page.getAttribute('#kpi-0', 'name')).replace(/^value\./, '');
      disputed.good = Number(/good (-?[0-9.]+)/.exec(hints[0])[1]);

      // Bad: the first value is not a number; the pipeline rejects it.
      for (let i = 0; i < hints.length; ++i) await page.fill(`#kpi-${i}`, i === 0 ? 'lots' : String(inadequate[i]));
      const [bad] = await Promise.all([page.waitForNavigation(), page.click('#submit-return')]);
      check(bad.status() === 422, 'a bad return answers 422');
      check(await page.locator('.govuk-error-summary').isVisible(), 'a bad return shows the error summary');
      check(await page.locator('.govuk-error-summary a[href="#kpi-0"]').count() >= 1, 'the error summary links to the wrong field');
      await shot(page, 'supplier-return-error');

      // Good: every KPI inadequate, so the period scores 0 and raises inadequate_kpi flags.
      await page.goto(formUrl);
      for (let i = 0; i < hints.length; ++i) await page.fill(`#kpi-${i}`, String(inadequate[i]));
      await shot(page, 'supplier-return-form');
      await Promise.all([page.waitForNavigation(), page.click('#submit-return')]);
      check(page.url().includes('?submitted='), 'the return was accepted and the contract scorecard shown');
      check(await page.locator('.govuk-notification-banner--success').isVisible(), 'a success banner confirms it');
      const score = await text(page, `.app-period-score[data-period="${period}"]`);
      check(score === '0.0', `the period ${period} now scores 0.0 (got ${score})`);
      const flags = await page.locator('#flags').innerText();
      check(flags.includes('Inadequate KPI') && flags.includes(period), `an "Inadequate KPI" flag for ${period} is open`);
      await shot(page, 'supplier-contract-after-return');
      await page.goto(`${args.base}/upload`);
      await shot(page, 'supplier-upload');

      // Another organisation's pages are refused.
      const other = await page.goto(`${args.base}/suppliers/${encodeURIComponent(args['other-supplier'])}`);
      check(other.status() === 403, `another supplier's scorecard is refused (${other.status()})`);
      const otherContract = await page.goto(`${args.base}/contracts/${encodeURIComponent(args['other-contract'])}`);
      check(otherContract.status() === 403, `another supplier's contract is refused (${otherContract.status()})`);
      const otherForm = await page.goto(`${args.base}/contracts/${encodeURIComponent(args['other-contract'])}/return`);
      check(otherForm.status() === 403, `another supplier's return form is refused (${otherForm.status()})`);
      await shot(page, 'supplier-forbidden');
      await context.close();
    }

    // Disputes: the supplier disputes the first KPI's rating of that period; the DWP
    // commercial user upholds it with the KPI's "good" figure; the contract is rescored.
    let disputeUrl;
    {
      const { context, page } = await signIn(browser, args.supplier);
      await page.goto(`${args.base}/contracts/${encodeURIComponent(args.contract)}`);
      await Promise.all([page.waitForNavigation(), page.click('#dispute-rating')]);
      check(page.url().endsWith('/dispute'), 'the scorecard links to the "Dispute a rating" form');
      // No reason: refused with the error summary.
      await page.selectOption('#kpi', disputed.kpi);
      await page.selectOption('#period', disputed.period);
      const [blank] = await Promise.all([page.waitForNavigation(), page.click('#raise-dispute')]);
      check(blank.status() === 422, 'a dispute without a reason answers 422');
      check(await page.locator('.govuk-error-summary a[href="#reason"]').count() === 1, 'the error summary links to the reason');
      await page.selectOption('#kpi', disputed.kpi);
      await page.selectOption('#period', disputed.period);
      await page.fill('#reason', `The ${disputed.kpi} figure for ${disputed.period} was keyed in wrongly`);
      await Promise.all([page.waitForNavigation(), page.click('#raise-dispute')]);
      check(/\/disputes\/[0-9]+$/.test(page.url()), `the dispute of ${disputed.kpi} in ${disputed.period} was raised (${page.url()})`);
      disputeUrl = page.url();
      check((await text(page, '#dispute-status')).toLowerCase() === 'open', 'the new dispute is open');
      check(await page.locator('#decide').count() === 0, 'the supplier is not offered the decision');
      await shot(page, 'supplier-dispute-raised');
      await context.close();
    }
    {
      const { context, page } = await signIn(browser, args.commercial);
      await page.goto(`${args.base}/disputes?status=open`);
      const path = new URL(disputeUrl).pathname;
      check(await page.locator(`#dispute-list a[href="${path}"]`).count() === 1, 'the commercial team sees the open dispute in its list');
      await Promise.all([page.waitForNavigation(), page.click(`#dispute-list a[href="${path}"]`)]);
      await page.check('#decision');
      await page.fill('#value', String(disputed.good));
      await page.fill('#reason', 'Checked against the call logger: the supplier is right');
      await Promise.all([page.waitForNavigation(), page.click('#decide')]);
      check(page.url() === disputeUrl, 'the decision returns to the dispute');
      check((await text(page, '#dispute-status')).toLowerCase() === 'upheld', 'the dispute is upheld');
      check((await text(page, '#dispute-figure')).startsWith(String(disputed.good)), `the return now holds ${disputed.good}`);
      await shot(page, 'commercial-dispute-upheld');
      // The contract page shows the rescored period: the API's figure, above the 0.0 of before.
      await page.goto(`${args.base}/contracts/${encodeURIComponent(args.contract)}`);
      const shown = await text(page, `.app-period-score[data-period="${disputed.period}"]`);
      const card = await (await fetch(`${args.base}/api/v1/contracts/${encodeURIComponent(args.contract)}/scorecard`,
                                      { headers: { Authorization: `Bearer ${args.token}` } })).json();
      const scored = card.periods.find((p) => p.period === disputed.period);
      check(scored && scored.score !== null && shown === scored.score.toFixed(1) && Number(shown) > 0,
            `the amended period ${disputed.period} scores ${shown} (API ${scored && scored.score})`);
      disputed.score = shown;
      await context.close();
    }

    // The supplier's performance statement for the year of that period, printable.
    {
      const { context, page } = await signIn(browser, args.supplier);
      const year = disputed.period.slice(0, 4);
      await page.goto(`${args.base}/statement?year=${year}`);
      check(await page.locator('#statement-summary').isVisible(), `the statement for ${year} opens`);
      const score = await text(page, `.app-statement-score[data-contract="${args.contract}"][data-period="${disputed.period}"]`);
      check(score === disputed.score, `the statement shows the amended ${disputed.period} score ${score}`);
      check(await page.locator(`#statement-disputes a[href="${new URL(disputeUrl).pathname}"]`).count() === 1, 'the statement lists the dispute');
      await shot(page, 'supplier-statement');
      await page.setViewportSize({ width: 320, height: 800 });
      await checkReflow(page, 'the statement at 320 px');
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.emulateMedia({ media: 'print' });
      check(!(await page.locator('header.govuk-header').isVisible()), 'in print the header is hidden');
      check(!(await page.locator('form[action="/statement"]').isVisible()), 'in print the year chooser is hidden');
      await shot(page, 'supplier-statement-print');
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log('browser tests passed');
}

main().catch((error) => {
  console.log(`not ok - ${error.message}`);
  process.exit(1);
});
