// The offline copy: the app keeps its own files on the machine (a service
// worker, src/sw.js), opens and works with the server gone, and a new version
// replaces the copy whole.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, DIST, ROOT } from "./harness.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/**
 * A page opened in `app`'s browser context (which holds the copy) that
 * records what a user would notice: page errors, failed requests, and every
 * response that did not come from the service worker.
 */
async function visit(app, url) {
  const page = await app.page.context().newPage();
  const seen = { errors: [], failed: [], fromNetwork: [] };
  page.on("pageerror", (err) => seen.errors.push(err.message));
  page.on("requestfailed", (req) => seen.failed.push(req.url()));
  page.on("response", (res) => {
    if (!res.fromServiceWorker() && !/^(blob|data):/.test(res.url())) seen.fromNetwork.push(res.url());
  });
  await page.goto(url);
  await page.getByTestId("sealed-csp").waitFor({ state: "attached" });
  return { page, seen };
}

test("the first visit downloads each file once: the offline copy takes what the page already has", async () => {
  const server = await serveDist();
  const app = await openApp(browser, server.url);
  try {
    await app.page.getByTestId("offline-ready").waitFor();
    const counts = new Map();
    for (const path of server.requests) counts.set(path, (counts.get(path) ?? 0) + 1);
    const hashed = [...counts].filter(([path]) => /-[0-9a-f]{16}/.test(path));
    // The page's bundles, the dashboard's, the worker's, the style.
    assert.ok(hashed.length >= 5, JSON.stringify([...counts]));
    const twice = hashed.filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], "downloaded more than once");
  } finally {
    await app.close();
    await server.close();
  }
});

test("a second visit asks only for the page and sw.js while it starts, then for nothing", async () => {
  const server = await serveDist();
  const app = await openApp(browser, server.url);
  try {
    await app.page.getByTestId("offline-ready").waitFor();
    const first = server.requests.length;
    const again = await visit(app, server.url);
    const started = server.requests.length;
    // Every other file is named after its content (the worker's too): it comes
    // from the copy, unasked.
    assert.deepEqual(server.requests.slice(first).sort(), ["/", "/sw.js"]);
    await again.page.getByTestId("sample-button").click();
    await again.page.getByTestId("pyramid-chart").waitFor();
    assert.deepEqual(server.requests.slice(started), []);
    assert.deepEqual(again.seen.errors, []);
  } finally {
    await app.close();
    await server.close();
  }
});

const cacheNames = (page) => page.evaluate(() => caches.keys());

test("the app keeps a copy of itself: with the server gone it opens and analyses the sample", async () => {
  const server = await serveDist();
  const app = await openApp(browser, server.url);
  try {
    const note = app.page.getByTestId("offline-ready");
    assert.match(await note.innerText(), /werkt ook zonder internet/);
    // The copy is made while the app starts, before the seal: every file of
    // the build was asked for, sw.js too.
    const asked = new Set(server.requests);
    for (const file of readdirSync(DIST)) assert.ok(asked.has(file === "index.html" ? "/" : `/${file}`), file);
    const started = server.requests.length;

    await server.close();
    // Any address of the page works, not only the one the copy keeps it under.
    const { page, seen } = await visit(app, `${server.url}index.html?offline`);
    await page.getByTestId("sample-button").click();
    await page.getByTestId("pyramid-chart").waitFor();
    assert.equal(await page.getByTestId("status").getAttribute("data-state"), "ready");
    assert.match(await page.getByTestId("status").innerText(), /39\.618 rijen/);
    assert.equal(await page.getByTestId("offline-ready").count(), 1);
    assert.deepEqual(seen, { errors: [], failed: [], fromNetwork: [] });
    assert.equal(server.requests.length, started, "nothing reached the (closed) server");
    assert.deepEqual(app.hygiene(), []);
  } finally {
    await app.close();
    await server.close();
  }
});

test("a new version at the same address replaces the copy whole", async () => {
  // The next version: this build with another page title, and its own sw.js.
  const next = mkdtempSync(join(tmpdir(), "klp-next-"));
  cpSync(DIST, next, { recursive: true });
  const page = join(next, "index.html");
  writeFileSync(page, readFileSync(page, "utf8").replace("<title>Klantenpiramide</title>", "<title>Klantenpiramide 2</title>"));
  execFileSync("node", [join(ROOT, ".ci", "offline-copy.mjs")], { cwd: ROOT, env: { ...process.env, TRUNK_STAGING_DIR: next } });
  assert.notEqual(readFileSync(join(next, "sw.js"), "utf8"), readFileSync(join(DIST, "sw.js"), "utf8"));

  const server = await serveDist();
  const app = await openApp(browser, server.url);
  try {
    await app.page.getByTestId("offline-ready").waitFor();
    const first = await cacheNames(app.page);

    server.publish(next);
    const online = await visit(app, server.url);
    assert.equal(await online.page.title(), "Klantenpiramide 2", "a page comes from the network when there is one");
    await online.page.getByTestId("offline-ready").waitFor();
    const second = await cacheNames(online.page);
    assert.equal(second.length, 1, `one copy: ${second}`);
    assert.notDeepEqual(second, first);

    await server.close();
    const offline = await visit(app, server.url);
    assert.equal(await offline.page.title(), "Klantenpiramide 2", "the copy is the new version");
    await offline.page.getByTestId("sample-button").click();
    await offline.page.getByTestId("pyramid-chart").waitFor();
    assert.deepEqual(offline.seen, { errors: [], failed: [], fromNetwork: [] });
  } finally {
    await app.close();
    await server.close();
    rmSync(next, { recursive: true, force: true });
  }
});
