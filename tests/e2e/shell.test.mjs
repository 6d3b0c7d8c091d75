// The app shell: loads cleanly, reads a file into wasm, makes no network request.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serveDist, launchBrowser, newPage, openApp, probeFetch, FIXTURES } from "./harness.mjs";

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the shell shows the promise, a drop zone with a file input and an empty status", async () => {
  const app = await openApp(browser, server.url);
  try {
    await assert.doesNotReject(app.page.getByText("verlaat deze computer nooit").waitFor());
    assert.equal(await app.state(), "empty");
    assert.equal(await app.page.locator("input[type=file][data-testid=file-input]").count(), 1);
    const zone = app.page.getByTestId("drop-zone");
    assert.equal(await zone.getAttribute("tabindex"), "0");
    await app.screenshot("shell-1280x720.png");
    assert.deepEqual(app.hygiene(), []);
  } finally {
    await app.close();
  }
});

test("the network is sealed after start: a fetch to the page's own origin is refused", async () => {
  const app = await openApp(browser, server.url);
  try {
    const outcome = await probeFetch(app.page);
    assert.match(outcome, /^blocked/);
    // The refusal itself is reported as a console error; that is the point of this test.
    app.problems.length = 0;
    app.lateRequests.length = 0;
  } finally {
    await app.close();
  }
});

test("a dropped file is read and analysed with no network request", async () => {
  const app = await openApp(browser, server.url);
  try {
    // The server's own log: it sees the service worker's requests too.
    const started = server.requests.length;
    const bytes = await readFile(join(FIXTURES, "shell", "tiny.csv"));
    await app.drop("tiny.csv", bytes);
    assert.equal(await app.settled(), "ready");
    assert.match(await app.status().innerText(), /tiny\.csv/);
    assert.deepEqual(app.hygiene(), []);
    assert.deepEqual(server.requests.slice(started), []);
  } finally {
    await app.close();
  }
});

/**
 * Opens the app with the dashboard's wasm chunk held back until `release()`
 * (then refused, with `refuse`); `requested` resolves when the page asks for
 * the chunk, `mainBytes` with the size of the page's main module.
 */
async function openWithChunkHeld({ refuse = false } = {}) {
  const { page, pageErrors, close } = await newPage(browser);
  let release;
  const held = new Promise((done) => (release = done));
  let asked;
  const requested = new Promise((done) => (asked = done));
  // Which replies of the worker reached the page (their serde tags).
  await page.addInitScript(() => {
    const Original = window.Worker;
    window.klpReplies = [];
    window.Worker = class extends Original {
      constructor(...args) {
        super(...args);
        this.addEventListener("message", (e) => {
          window.klpReplies.push(typeof e.data === "string" ? e.data : Object.keys(e.data)[0]);
        });
      }
    };
  });
  await page.route(/-split_dashboard\.wasm$/, async (route) => {
    asked();
    await held;
    await (refuse ? route.abort() : route.continue());
  });
  const main = page.waitForResponse((res) => /\/klantenpiramide-[0-9a-f]+_bg\.wasm$/.test(res.url()));
  await page.goto(server.url);
  const mainBytes = main.then(async (res) => (await res.body()).length);
  return { page, pageErrors, release, requested, mainBytes, close };
}

const within = (promise, what, ms = 10_000) =>
  Promise.race([promise, new Promise((_, fail) => setTimeout(() => fail(new Error(`${what}: not within ${ms} ms`)), ms))]);
const sealed = (page) => page.getByTestId("sealed-csp").count();

test("the first paint needs only the page's main module (≤ 400 KB); the dashboard's code follows as a chunk", async () => {
  const app = await openWithChunkHeld();
  const { page } = app;
  try {
    // The start screen works while the chunk is held back.
    await page.getByTestId("sample-button").waitFor();
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "empty");
    await within(app.requested, "the chunk is asked for right after the first paint");
    const bytes = await app.mainBytes;
    assert.ok(bytes <= 400 * 1024, `main module ${bytes} bytes`);

    // A file read before the chunk arrives is analysed; the chunk reads the
    // worker's results, so they wait for it (the page still says it is loading).
    // The worker is ready by now, and the network stays open for the chunk.
    await page.getByTestId("sample-button").click();
    await page.waitForFunction(() => window.klpReplies.includes("Rhythms"));
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "loading");
    assert.equal(await page.getByTestId("pyramid-chart").count(), 0);
    assert.equal(await sealed(page), 0, "sealed before the chunk arrived");

    // Then the waiting results are read, in order: the pyramid, and the call
    // plan's rhythms that came after it.
    app.release();
    await page.getByTestId("pyramid-chart").waitFor();
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "ready");
    await page.waitForFunction(() => document.querySelector("[data-testid=call-due]")?.dataset.count !== undefined);
    // Both pieces of code are in memory now: the network is sealed, once.
    await page.getByTestId("sealed-csp").waitFor({ state: "attached" });
    assert.equal(await sealed(page), 1);
    assert.match(await probeFetch(page), /^blocked/);
    assert.deepEqual(app.pageErrors, []);
  } finally {
    await app.close();
  }
});

test("without the dashboard's chunk the page says at once to reload, stops the load under way and offers no other", async () => {
  const app = await openWithChunkHeld({ refuse: true });
  const { page } = app;
  try {
    // A load starts while the chunk is on its way; its result comes but
    // cannot be read.
    await page.getByTestId("sample-button").click();
    await within(app.requested, "the chunk is asked for");
    await page.waitForFunction(() => window.klpReplies.includes("Loaded"));
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "loading");
    app.release();
    await page.getByTestId("sealed-csp").waitFor({ state: "attached" });
    const missing = page.getByTestId("dashboard-missing");
    await missing.waitFor();
    assert.match(await missing.innerText(), /Laad de pagina opnieuw/);
    // The load stops: no progress bar that never ends, and nothing more to
    // pick, drop or try that could never be shown.
    await page.waitForFunction(() => document.querySelector("[data-testid=status]")?.dataset.state !== "loading");
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "empty");
    assert.equal(await page.getByTestId("sample-button").count(), 0);
    assert.equal(await page.getByTestId("drop-zone").count(), 0);
    assert.equal(await page.getByTestId("pyramid-chart").count(), 0);
    assert.deepEqual(app.pageErrors, []);
  } finally {
    await app.close();
  }
});
