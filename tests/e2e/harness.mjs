// Shared e2e harness: serves dist/ on loopback, drives headless Chromium with
// playwright-core, and fails a test on any console error, page error, failed
// request or network request made after the app has started.
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
export const DIST = join(ROOT, "dist");
export const FIXTURES = join(ROOT, "tests", "fixtures");
export const RESULTS = join(ROOT, "test-results");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * Serves dist/ (or another build's directory) on 127.0.0.1 at a free port.
 * `requests` lists every path asked for, in order: what reached the network,
 * whoever asked (a page, a worker, the service worker); `publish(dir)` serves
 * another build from then on (a new version at the same address).
 */
export async function serveDist(dir = DIST) {
  let root = resolve(dir);
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    requests.push(path);
    const file = normalize(join(root, path === "/" ? "index.html" : decodeURIComponent(path)));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    publish: (next) => (root = resolve(next)),
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(ok));
    },
  };
}

/** Launches Debian's Chromium headless with the flags this closed network needs (and `extra`). */
export function launchBrowser(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extra,
    ],
  });
}

/**
 * A fresh page at 1280×720 in Dutch, not yet opened, recording page errors:
 * for tests that must act before `openApp` would return.
 */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "nl-NL" });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(err.message));
  return { page, pageErrors, close: () => context.close() };
}

/**
 * Opens the app in a fresh page and records everything that would make a test
 * dishonest: console errors, page errors, failed requests, and every request
 * made after the app has started (the privacy promise).
 */
export async function openApp(browser, url, { width = 1280, height = 720, locale = "nl-NL", touch = false, init = null } = {}) {
  // `touch`: a phone or tablet (a touch screen, no hover). `init`: a function
  // run in the page before its own scripts (to watch what the app does).
  const context = await browser.newContext({
    viewport: { width, height },
    locale,
    acceptDownloads: true,
    hasTouch: touch,
    isMobile: touch,
  });
  const page = await context.newPage();
  const problems = [];
  const lateRequests = [];
  let started = false;
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on("request", (req) => {
    // blob: and data: URLs are memory inside the browser (a new worker's
    // script, a download): they never reach a network.
    const local = /^(blob|data):/.test(req.url());
    if (started && !local) lateRequests.push(`${req.method()} ${req.url()}`);
  });
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await page.locator('[data-testid=status][data-state]').waitFor();
  // The app seals the network once the code it fetches after the first paint
  // (the worker's, the dashboard's chunk) is in memory: from then on every
  // request is a late one. (Playwright's "networkidle" timed out once in CI.)
  await page.getByTestId("sealed-csp").waitFor({ state: "attached" });
  // Both workers run: the worker starts its helper (for files read in two
  // parts) as soon as it is up.
  for (let waited = 0; page.workers().length < 2; waited += 50) {
    if (waited > 30_000) throw new Error(`only ${page.workers().length} worker(s) after 30 s`);
    await page.waitForTimeout(50);
  }
  started = true;
  const app = new AppPage(page);
  app.problems = problems;
  app.lateRequests = lateRequests;
  app.close = () => context.close();
  return app;
}

/**
 * Tries a fetch to the page's own origin from a page or a worker; returns
 * "allowed" or "blocked: <error>". A sealed context must answer "blocked".
 */
export function probeFetch(context) {
  return context.evaluate(async () => {
    try {
      await fetch("/index.html");
      return "allowed";
    } catch (e) {
      return `blocked: ${e.name}`;
    }
  });
}

/** Page object: what a user does with the app, and what they see. */
export class AppPage {
  constructor(page) {
    this.page = page;
  }

  status() {
    return this.page.getByTestId("status");
  }

  async state() {
    return this.status().getAttribute("data-state");
  }

  /** Waits until the status leaves "loading" and returns the final state. */
  async settled(timeout = 30_000) {
    await this.page.waitForFunction(
      () => {
        const el = document.querySelector("[data-testid=status]");
        const s = el?.getAttribute("data-state");
        return s && s !== "loading" && s !== "empty" && el.dataset.pending === "false";
      },
      null,
      { timeout },
    );
    return this.state();
  }

  /** Picks a file through the real <input type=file>. */
  async pick(path) {
    await this.page.getByTestId("file-input").setInputFiles(path);
  }

  /**
   * Drops bytes the way a browser does: a DataTransfer with a File, dragged
   * in (enter, over) and let go on the element with test id `on` (the drop
   * zone unless told otherwise).
   */
  async drop(name, bytes, { mime = "text/csv", on = "drop-zone" } = {}) {
    await this.dropFiles([{ name, bytes, mime }], { on });
  }

  /** Drops several files at once (`[{ name, bytes, mime? }]`), as {@link drop} drops one. */
  async dropFiles(files, { on = "drop-zone" } = {}) {
    const transfer = await this.dataTransfer(files);
    const target = this.page.getByTestId(on).first();
    await target.dispatchEvent("dragenter", { dataTransfer: transfer });
    await target.dispatchEvent("dragover", { dataTransfer: transfer });
    await target.dispatchEvent("drop", { dataTransfer: transfer });
  }

  /** A DataTransfer holding files, as the browser builds it for a drag from the desktop. */
  async dataTransfer(files) {
    return this.page.evaluateHandle(
      (files) => {
        const dt = new DataTransfer();
        for (const { name, data, mime } of files) {
          dt.items.add(new File([new Uint8Array(data)], name, { type: mime }));
        }
        return dt;
      },
      files.map(({ name, bytes, mime = "text/csv" }) => ({ name, data: Array.from(bytes), mime })),
    );
  }

  /** Clicks "try the sample data". */
  async loadSample() {
    await this.page.getByTestId("sample-button").click();
  }

  /** Unfolds "what was read" (its contents are built only while it is open). */
  async openImportPanel() {
    const panel = this.page.getByTestId("import-panel");
    if ((await panel.getAttribute("open")) === null) {
      await panel.locator("summary").click();
    }
    await panel.locator(".import__body").waitFor();
  }

  /** Pastes text as if from a spreadsheet (a real paste event with clipboard data). */
  async paste(text) {
    await this.page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
    }, text);
  }

  /**
   * Waits until the app has finished reacting to the last action: Leptos
   * applies DOM updates in microtasks, which have all run by the second
   * animation frame.
   */
  async idle() {
    // The worker answers every command; wait until it owes nothing, then
    // until the page has drawn what it received.
    await this.page.waitForFunction(
      () => document.querySelector("[data-testid=status]")?.dataset.pending === "false",
      null,
      { timeout: 30_000 },
    );
    await this.page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
  }

  /** One pyramid layer's figures from the table's test attributes. */
  async layer(key) {
    await this.idle();
    const row = this.page.locator(`[data-testid=pyramid-table] tr[data-layer=${key}]`);
    return {
      customers: Number(await row.getAttribute("data-customers")),
      value: await row.getAttribute("data-value"),
    };
  }

  /** All seven layers: { top: {customers, value}, ... }. */
  async layers() {
    const out = {};
    for (const key of ["top", "large", "medium", "small", "inactive", "prospect", "suspect"]) {
      out[key] = await this.layer(key);
    }
    return out;
  }

  /** The value of the active customers: the sum over the pyramid's four active layers. */
  async activeValue() {
    const layers = await this.layers();
    return ["top", "large", "medium", "small"].reduce((s, k) => s + Number(layers[k].value), 0);
  }

  async importSummary() {
    await this.idle();
    const el = this.page.getByTestId("import-summary");
    const n = async (a) => Number(await el.getAttribute(a));
    return {
      rowsRead: await n("data-rows-read"),
      rowsUsed: await n("data-rows-used"),
      rowsSkipped: await n("data-rows-skipped"),
      customers: await n("data-customers"),
    };
  }

  async pareto() {
    await this.idle();
    const el = this.page.getByTestId("pareto-summary");
    return {
      customersFor80: Number(await el.getAttribute("data-customers-for-80")),
      shareTop20: await el.getAttribute("data-share-top-20"),
      gini: await el.getAttribute("data-gini"),
    };
  }

  async abc() {
    await this.idle();
    const out = {};
    for (const c of ["A", "B", "C"]) {
      out[c] = Number(await this.page.locator(`[data-testid=abc-table] tr[data-class=${c}]`).getAttribute("data-customers"));
    }
    return out;
  }

  /** Keys of the customer rows currently rendered, top to bottom. */
  async customerKeys() {
    await this.idle();
    return this.page.locator("[data-testid=customer-row]").evaluateAll((rows) => rows.map((r) => r.dataset.key));
  }

  async screenshot(name) {
    await mkdir(RESULTS, { recursive: true });
    const path = join(RESULTS, name);
    await this.page.screenshot({ path, fullPage: false });
    return path;
  }

  /** Everything that went wrong, for a final assertion. */
  hygiene() {
    return [...this.problems, ...this.lateRequests.map((r) => `request after start: ${r}`)];
  }
}
