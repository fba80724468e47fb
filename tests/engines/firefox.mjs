// Drive the questionnaire in Firefox ESR (puppeteer-core over WebDriver BiDi) and report as JSON.
//
// Usage: node firefox.mjs PLAN.json OUT.json   (the plan: see tests/engines/plan.py)
// One browser, one page: the permalink, the corpus through window.decisionTool.evaluate, a copy,
// Forget, then typing the two required questions. Listeners are in place before any page script.
// With `plan.visit` (benchmarks/engines.py): open one URL in the profile `plan.profile`, wait
// for the first decision (or the bare page's `bench:ready` mark) and report its time.

import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const [planFile, outFile] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const report = {
  engine: 'firefox',
  version: '',
  console: [],
  pageErrors: [],
  requests: [],
  steps: {},
  timings: {},
};

/** Installed before the page's own scripts: CSP violations and uncaught errors, kept in a list. */
function listen() {
  const seen = [];
  Object.defineProperty(window, '__engineChecks', { value: seen });
  document.addEventListener('securitypolicyviolation', (event) => {
    seen.push(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
  });
  window.addEventListener('error', (event) => seen.push(`error: ${event.message}`));
  window.addEventListener('unhandledrejection', (event) => {
    seen.push(`unhandled rejection: ${event.reason}`);
  });
}

/** Milliseconds since `start`, rounded. */
function since(start) {
  return Math.round(performance.now() - start);
}

/** Run `step` and record its result (or its error) under `name`. */
async function step(name, action) {
  const start = performance.now();
  try {
    report.steps[name] = await action();
  } catch (error) {
    report.steps[name] = { error: String(error && error.stack ? error.stack : error) };
  }
  report.timings[name] = since(start);
}

const profile = plan.visit ? plan.profile : mkdtempSync(join(tmpdir(), 'engines-firefox-'));
let browser;
try {
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: plan.firefox,
    headless: true,
    userDataDir: profile,
    protocolTimeout: plan.timeoutMs,
  });
  report.version = await browser.version();
  const page = await browser.newPage();
  page.setDefaultTimeout(plan.timeoutMs);
  page.on('console', (message) => {
    report.console.push({ type: message.type(), text: message.text() });
  });
  page.on('pageerror', (error) => report.pageErrors.push(String(error)));
  page.on('request', (request) => report.requests.push(request.url()));
  await page.evaluateOnNewDocument(listen);
  if (plan.visit) {
    await step('visit', async () => {
      await page.goto(plan.visit);
      await page.waitForFunction(firstDecision, { polling: 50 });
      const ms = await page.evaluate(firstDecision);
      // Let the worker keep the snapshot in Cache Storage before the browser closes (warm runs).
      await page.evaluate(snapshotKept, plan.settleMs);
      return ms;
    });
  } else {
    await session(page);
  }
} catch (error) {
  report.fatal = String(error && error.stack ? error.stack : error);
} finally {
  await browser?.close().catch(() => {});
  if (!plan.visit) rmSync(profile, { recursive: true, force: true });
  writeFileSync(outFile, JSON.stringify(report, null, 1));
}

/** The checks' session on one page. */
async function session(page) {
  await step('permalink', async () => {
    await page.goto(plan.base + plan.permalink);
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-template]').length === count &&
        document.querySelector('[data-recommendation]')?.dataset.recommendation !== '',
      {},
      plan.templateCount,
    );
    return page.evaluate(shown);
  });

  await step('corpus', () =>
    page.evaluate(async (cases) => {
      const results = {};
      for (const { name, answers } of cases) results[name] = await window.decisionTool.evaluate(answers);
      return results;
    }, plan.cases),
  );

  await step('copy', async () => {
    const button = `article[data-template-id="${plan.copyTemplate}"] button.dt-copy`;
    await page.click(button);
    await page.waitForFunction((sel) => document.querySelector(sel).textContent !== 'Copy', {}, button);
    const label = await page.$eval(button, (el) => el.textContent);
    // Paste it as a person would: Ctrl+V into a new text box (the page cannot read the clipboard).
    await page.evaluate(() => {
      const box = document.createElement('textarea');
      box.id = 'engines-paste';
      document.body.append(box);
      box.focus();
    });
    await page.keyboard.down('Control');
    await page.keyboard.press('v');
    await page.keyboard.up('Control');
    const pasted = await page.$eval('#engines-paste', (el) => el.value);
    await page.$eval('#engines-paste', (el) => el.remove());
    return { label, pasted };
  });

  await step('form', async () => {
    const forget = '#dt-forget';
    await page.click(forget);
    await page.click(forget);
    await page.waitForFunction(
      () => document.querySelector('[data-recommendation]').dataset.recommendation === '' &&
        document.querySelector('[name="hours_running"]').value === '',
    );
    const typed = [];
    for (const { hours, resolution, expected } of plan.form) {
      await page.click('[name="hours_running"]', { count: 3 });
      await page.keyboard.press('Backspace');
      await page.keyboard.type(hours);
      await page.click(`label:has(input[name="resolution_in_sight"][value="${resolution}"])`);
      // A running time says as of which minute (contract v3): the plan's minute is not the page's.
      await page.waitForFunction(
        (texts) => Object.entries(texts).every(([id, text]) => {
          const minute = (value) => value.replace(/as of \d\d:\d\d UTC/g, 'as of HH:MM UTC');
          return [...document.querySelectorAll('[data-template]')]
            .some((el) => el.dataset.template === id && minute(el.textContent) === minute(text));
        }),
        {},
        expected,
      );
      typed.push(await page.evaluate(shown));
    }
    return typed;
  });

  await step('page', () => page.evaluate(() => ({
    status: window.decisionTool.status,
    timings: { ...window.decisionTool.timings },
  })));
  await step('listeners', () => page.evaluate(() => [...window.__engineChecks]));
  if (plan.reload) {
    // A new visit: the answers come back from this browser's storage, the engine from its cache.
    await step('reload', async () => {
      await page.goto(plan.base + plan.toolPage);
      const last = plan.form[plan.form.length - 1];
      await page.waitForFunction(
        (hours) => document.querySelector('[name="hours_running"]').value === hours &&
          document.querySelector('[data-recommendation]').dataset.recommendation !== '',
        {},
        last.hours,
      );
      return { ...(await page.evaluate(shown)), checks: await page.evaluate(() => [...window.__engineChecks]) };
    });
  }
}

/** Wait (at most `ms`) until the page's origin keeps the snapshot in Cache Storage. */
async function snapshotKept(ms) {
  if (!window.decisionTool) return false;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // The worker's cache is named per site path: decision-tool-snapshot:<path>.
    for (const name of await caches.keys()) {
      if (name.startsWith('decision-tool-snapshot') && (await (await caches.open(name)).keys()).length) return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Ms from navigation start to the first decision shown (or the bare page's runtime ready). */
function firstDecision() {
  const mark = performance.getEntriesByName('bench:ready')[0];
  if (mark) return Math.round(mark.startTime);
  return window.decisionTool?.timings?.firstDecisionMs ?? null;
}

/** What the page shows: recommendation, the visible texts by template id, the hours field. */
function shown() {
  const texts = {};
  for (const el of document.querySelectorAll('[data-template]')) {
    if (el.closest('[hidden]') === null) texts[el.dataset.template] = el.textContent;
  }
  return {
    recommendation: document.querySelector('[data-recommendation]').dataset.recommendation,
    texts,
    hours: document.querySelector('[name="hours_running"]').value,
  };
}
