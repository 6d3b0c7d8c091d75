// The app shell: loads cleanly, reads a file into wasm, makes no network request.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, probeFetch, FIXTURES } from "./harness.mjs";

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
    const bytes = await readFile(join(FIXTURES, "shell", "tiny.csv"));
    await app.drop("tiny.csv", bytes);
    assert.equal(await app.settled(), "ready");
    assert.match(await app.status().innerText(), /tiny\.csv/);
    assert.deepEqual(app.hygiene(), []);
  } finally {
    await app.close();
  }
});
