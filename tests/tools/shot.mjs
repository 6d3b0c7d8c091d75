// Screenshots of the release build (dist/), to look at what you build:
// node tests/tools/shot.mjs <sample|empty|/abs/path|fixture-rel> OUT.png W H LOCALE FULL(1/0)
// env PANEL=1 opens the import panel; ELEMENT='css' shoots one element; TOUCH=1 is a phone.
import { join, isAbsolute } from "node:path";
import { serveDist, launchBrowser, openApp, FIXTURES } from "../e2e/harness.mjs";
const [what = "sample", out = "/tmp/shot.png", w = "1280", h = "800", locale = "nl-NL", full = "1"] = process.argv.slice(2);
const server = await serveDist();
const browser = await launchBrowser();
try {
  const app = await openApp(browser, server.url, { width: Number(w), height: Number(h), locale, touch: Boolean(process.env.TOUCH) });
  if (what === "sample") {
    await app.page.getByTestId("sample-button").click();
    await app.settled();
  } else if (what !== "empty") {
    await app.pick(isAbsolute(what) ? what : join(FIXTURES, what));
    await app.settled();
  }
  if (process.env.PANEL) await app.openImportPanel();
  await app.page.waitForTimeout(600);
  if (process.env.ELEMENT) await app.page.locator(process.env.ELEMENT).first().screenshot({ path: out });
  else await app.page.screenshot({ path: out, fullPage: full === "1" });
  console.log("status:", await app.status().innerText());
  if (app.problems.length) console.log("problems:", app.problems);
  await app.close();
} finally {
  await browser.close();
  await server.close();
}
