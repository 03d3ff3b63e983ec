// End-to-end scenarios in headless Chromium (Debian's /usr/bin/chromium via playwright-core).
// Usage: node e2e/run.mjs SCENARIO   with APP_URL (the serving backend), ARTIFACTS (folder),
// optional ODUM_API_KEY (typed into the API-key page first) and CHROMIUM (browser path).
// Each scenario prints `ok SCENARIO: ...` lines and exits non-zero on the first failure.
import { chromium } from "playwright-core";
import { mkdirSync, appendFileSync } from "node:fs";
import { join } from "node:path";

const APP = process.env.APP_URL;
const ARTIFACTS = process.env.ARTIFACTS ?? "var/artifacts/frontend";
const EXECUTABLE = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];
const WAIT = 60_000;

if (!APP) throw new Error("APP_URL is not set");
mkdirSync(ARTIFACTS, { recursive: true });

function ok(message) {
  console.log(`ok ${scenario}: ${message}`);
}

function figure(name, value, unit) {
  console.log(`figure ${name} ${value} ${unit}`);
  appendFileSync(join(ARTIFACTS, "figures.txt"), `${name} ${value} ${unit}\n`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function nav(page) {
  return (await page.locator("header nav a").allTextContents()).map((t) => t.trim());
}

async function login(page) {
  if (!process.env.ODUM_API_KEY) return;
  await page.goto(`${APP}/settings`);
  await page.locator('input[type="password"]').fill(process.env.ODUM_API_KEY);
  await page.getByRole("button", { name: "Save" }).click();
}

async function expectServiceState(page, service, state) {
  await page.locator(`tr[data-service="${service}"][data-state="${state}"]`).waitFor({ timeout: WAIT });
}

const scenarios = {
  // Only the backtest backend runs: live pages are hidden, /status shows live down.
  async backtestOnly(page) {
    await page.goto(`${APP}/status`);
    await expectServiceState(page, "backtest", "up");
    await expectServiceState(page, "live", "down");
    const links = await nav(page);
    if (!links.includes("Backtests")) throw new Error(`no Backtests link: ${links}`);
    if (links.includes("Orders")) throw new Error(`live pages shown without live: ${links}`);
    await page.locator('tr[data-dependency="backtest-database"][data-state="not_used"]').waitFor({ timeout: WAIT });
    ok(`nav ${links.join("|")}; live down; backtest database not used (grey)`);
    await shot(page, "01-status-backtest-only");
  },

  // Both run: live pages appear; launch a backtest, watch progress, check the equity chart.
  async bothRunning(page) {
    const started = Date.now();
    await page.goto(`${APP}/status`);
    await expectServiceState(page, "live", "up");
    const fcp = await page.evaluate(() =>
      performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1);
    figure("first_contentful_paint", Math.round(fcp), "ms");
    const links = await nav(page);
    for (const wanted of ["Backtests", "Orders", "Positions", "Venues", "Risk", "Reconciliation"]) {
      if (!links.includes(wanted)) throw new Error(`missing ${wanted} in ${links}`);
    }
    ok(`both up in ${Date.now() - started} ms; nav ${links.join("|")}`);
    await shot(page, "02-status-both");

    await page.getByRole("link", { name: "Backtests" }).click();
    await page.locator('input[name="config_path"]').fill(process.env.BACKTEST_CONFIG);
    await page.locator('input[name="dates"]').fill(process.env.BACKTEST_DATE ?? "2024-08-08");
    await page.getByRole("button", { name: "Launch" }).click();
    await page.waitForURL(/\/backtests\/BT-/, { timeout: WAIT });
    const runId = page.url().split("/").pop();
    await page.locator('[data-testid="progress"]').waitFor({ timeout: WAIT });
    const first = await page.locator('[data-testid="progress"]').textContent();
    ok(`launched ${runId}; progress "${first.trim()}"`);
    await page.locator('[data-testid="progress"][data-status="COMPLETED"]').waitFor({ timeout: 240_000 });
    const done = await page.locator('[data-testid="progress"]').textContent();
    const chart = page.locator('[data-testid="equity-chart"]');
    await chart.waitFor({ timeout: WAIT });
    const points = Number(await chart.getAttribute("data-points"));
    const api = await page.evaluate(async (id) => {
      const r = await fetch(`/api/backtests/${id}/equity`, { headers: sessionStorage.getItem("odum.apiKey") ? { Authorization: `Bearer ${sessionStorage.getItem("odum.apiKey")}` } : {} });
      const body = await r.json();
      return new Set(body.items.map((p) => Math.floor(p.ts_event / 1e9))).size;
    }, runId);
    if (points !== api || points < 2) throw new Error(`equity chart has ${points} points, the run has ${api}`);
    const canvases = await chart.locator("canvas").count();
    if (!canvases) throw new Error("equity chart drew no canvas");
    ok(`"${done.trim()}"; equity chart ${points} points = stored curve; ${canvases} canvases`);
    await page.locator('[data-testid="fills"] tbody tr').first().waitFor({ timeout: WAIT });
    await shot(page, "03-backtest-results");

    // Time to an equity chart of this 1-day run, from a cold page load.
    await page.goto("about:blank");
    const t0 = Date.now();
    await page.goto(`${APP}/backtests/${runId}`);
    await page.locator('[data-testid="equity-chart"] canvas').first().waitFor({ timeout: WAIT });
    figure("time_to_equity_chart_1_day", Date.now() - t0, "ms");

    // Compare: the run against itself shows the same net PnL on both sides and two curves.
    await page.goto(`${APP}/backtests/compare`);
    await page.locator(`select[aria-label="run A"] option[value="${runId}"]`).waitFor({ state: "attached", timeout: WAIT });
    await page.selectOption('select[aria-label="run A"]', runId);
    await page.selectOption('select[aria-label="run B"]', runId);
    const net = page.locator('[data-testid="compare"] tbody tr', { hasText: "net PnL" });
    await page.waitForFunction(() => {
      const row = [...document.querySelectorAll('[data-testid="compare"] tbody tr')].find((r) => r.textContent.includes("net PnL"));
      return row && row.children[1].textContent && row.children[1].textContent === row.children[2].textContent;
    }, null, { timeout: WAIT });
    await page.locator('[data-testid="equity-chart"]').nth(1).waitFor({ timeout: WAIT });
    ok(`compare: ${(await net.textContent()).trim()} on both sides`);
    await shot(page, "03b-compare");
  },

  // Place a resting limit order from the ticket, cancel it from the blotter; HALT; refused.
  async orders(page) {
    await page.goto(`${APP}/live`);
    await page.locator('select[name="instrument_key"] option').first().waitFor({ state: "attached", timeout: WAIT });
    await page.locator('input[name="quantity"]').fill("0.01");
    await page.locator('input[name="price"]').fill("1000");
    await page.getByRole("button", { name: "Send" }).click();
    const result = page.locator('[data-testid="order-result"]');
    await result.waitFor({ timeout: WAIT });
    const text = (await result.textContent()).trim();
    if (!/ACCEPTED|SUBMITTED/.test(text)) throw new Error(`order not working: ${text}`);
    const operation = text.split(":")[0];
    ok(`placed ${text}`);
    const cancel = page.getByRole("button", { name: `cancel ${operation}` });
    await cancel.waitFor({ timeout: WAIT });
    await shot(page, "04-order-working");
    await cancel.click();
    const row = page.locator('[data-testid="blotter"] tbody tr', { hasText: operation });
    await row.filter({ hasText: "CANCELED" }).waitFor({ timeout: WAIT });
    ok(`canceled ${operation} from the blotter`);

    await page.getByRole("link", { name: "Risk" }).click();
    await page.locator('[data-testid="trading-state"]', { hasText: "ACTIVE" }).waitFor({ timeout: WAIT });
    await page.getByRole("button", { name: "HALTED" }).click();
    await page.getByRole("dialog").waitFor();
    await shot(page, "05-halt-confirm");
    await page.getByRole("button", { name: "Yes, HALTED" }).click();
    await page.locator('[data-testid="trading-state"]', { hasText: "HALTED" }).waitFor({ timeout: WAIT });
    ok("kill switch HALTED after the confirm dialog");

    await page.getByRole("link", { name: "Orders" }).click();
    await page.locator('select[name="instrument_key"] option').first().waitFor({ state: "attached", timeout: WAIT });
    await page.locator('input[name="price"]').fill("1000");
    await page.getByRole("button", { name: "Send" }).click();
    const refused = page.locator('[data-testid="order-result"]', { hasText: "REJECTED" });
    await refused.waitFor({ timeout: WAIT });
    const reason = (await refused.textContent()).trim();
    if (!/TRADING_HALTED/.test(reason)) throw new Error(`refusal without the reason: ${reason}`);
    ok(`next order refused: ${reason}`);
    await shot(page, "06-order-refused-halted");
    await page.getByRole("link", { name: "Venues" }).click();
    await page.locator('[data-testid="venues"] tbody tr', { hasText: "connected" }).first().waitFor({ timeout: WAIT });
    await shot(page, "07-venues");
  },

  // The live backend was stopped: its pages go within one poll, a banner says so, status red.
  async liveStopped(page) {
    await page.goto(`${APP}/status`);
    await expectServiceState(page, "live", "up");
    if (!(await nav(page)).includes("Orders")) throw new Error("live pages not shown while up");
    ok("live up; now waiting for the stop");
    console.log("ready-to-stop");
    await page.locator('[role="alert"]', { hasText: "odum-live-backend" }).waitFor({ timeout: WAIT });
    await expectServiceState(page, "live", "down");
    const links = await nav(page);
    if (links.includes("Orders")) throw new Error(`live pages still shown: ${links}`);
    const color = await page.locator('tr[data-service="live"] td.down').evaluate((td) => getComputedStyle(td).color);
    if (color !== "rgb(180, 35, 24)") throw new Error(`live state is not red: ${color}`);
    ok(`live pages hidden (${links.join("|")}), banner shown, status red`);
    await shot(page, "08-live-stopped");
  },
};

const scenario = process.argv[2];
if (!scenarios[scenario]) {
  console.error(`unknown scenario ${scenario}: one of ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await login(page);
  try {
    await scenarios[scenario](page);
  } catch (error) {
    failed = true;
    await shot(page, `failed-${scenario}`).catch(() => {});
    console.error(`FAILED ${scenario}: ${error.message}`);
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
