// Compares builds of the app on one file: the time from the file input's
// `change` to the pyramid in the page, taken inside the page (and to the paint
// of the frame that shows it, as `make bench` reports it), for each build
// in turn, round after round (a fresh browser for every load), so that the
// machine's drift hits every build alike. Prints per build the median, the
// times, and how many rounds it was the fastest of all; for loads in two
// parts also the median of each step the worker reports (`data-steps-ms`):
// a change to the workers shows there without the page's noise; and the
// page's own part, from the worker's result to the pyramid and to its paint:
// a change to the drawing shows there without the workers' noise.
//
// On this 2-core VM single loads vary by ±100 ms; a difference of tens of ms
// needs 10+ rounds and should win most of them before it counts.
//
// Usage: node tests/bench/ab.mjs FILE ROUNDS DIR[|CHROMIUM-FLAGS] ...
// A DIR is a `dist` of a build, e.g. one built in a `git worktree` of an
// older commit; flags after `|` are passed to Chromium (e.g.
// "dist|--js-flags=--no-liftoff").
import { serveDist, launchBrowser, openApp } from "../e2e/harness.mjs";

const [file, rounds, ...variants] = process.argv.slice(2);
if (!file || !(Number(rounds) > 0) || variants.length === 0) {
  console.error("usage: node tests/bench/ab.mjs FILE ROUNDS DIR[|CHROMIUM-FLAGS] ...");
  process.exit(2);
}
const builds = variants.map((v) => {
  const [dir, flags = ""] = v.split("|");
  return { name: v, dir, flags: flags.split(" ").filter(Boolean), times: [], painted: [], wins: 0, paintWins: 0 };
});
const servers = await Promise.all(builds.map((b) => serveDist(b.dir)));

/** One load in a fresh browser: ms from `change` to the pyramid's top row,
 * and the worker's steps (ms from its command; none for a one-pass load). */
async function load(build, url) {
  const browser = await launchBrowser(build.flags);
  try {
    // Started (the code in memory, both workers running), then a user's
    // moment to pick a file (the workers warm up meanwhile).
    const { page } = await openApp(browser, url);
    await page.waitForTimeout(1000);
    await page.evaluate(() => {
      const t = (window.__ab = {});
      document
        .querySelector("[data-testid=file-input]")
        .addEventListener("change", () => (t.change = performance.now()), { capture: true });
      new MutationObserver(() => {
        const ready = document.querySelector("[data-testid=status]")?.dataset.state === "ready";
        if (t.change && !t.shown && ready && document.querySelector("[data-testid=pyramid-table] tr[data-layer=top]")) {
          t.shown = performance.now();
          // After this frame's paint (as in browser-bench.mjs).
          const channel = new MessageChannel();
          channel.port1.onmessage = () => (t.painted = performance.now());
          requestAnimationFrame(() => channel.port2.postMessage(null));
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    // Playwright's own script goes into the page at its first wait there
    // (about 25 ms on the page's thread): before the file, not during the load.
    await page.waitForFunction(() => true);
    await page.getByTestId("file-input").setInputFiles(file);
    await page.waitForFunction(() => window.__ab.painted, null, { polling: "raf", timeout: 120_000 });
    const t = await page.evaluate(() => window.__ab);
    const steps = (await page.getByTestId("status").getAttribute("data-steps-ms"))?.split(" ").map(Number);
    return { ms: t.shown - t.change, painted: t.painted - t.change, steps: steps?.length === 5 ? steps : null };
  } finally {
    await browser.close();
  }
}

for (let r = 0; r < Number(rounds); r++) {
  const round = [];
  for (const [i, build] of builds.entries()) {
    const { ms, painted, steps } = await load(build, servers[i].url);
    build.times.push(ms);
    build.painted.push(painted);
    if (steps) (build.steps ??= []).push({ steps, ms, painted });
    round.push([ms, painted]);
  }
  const fastest = (k) => round.map((r) => r[k]).indexOf(Math.min(...round.map((r) => r[k])));
  builds[fastest(0)].wins++;
  builds[fastest(1)].paintWins++;
}
for (const s of servers) await s.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const b of builds) {
  console.log(
    `${b.name}: median ${median(b.times).toFixed(0)} ms, fastest in ${b.wins} of ${rounds} rounds ` +
      `[${b.times.map((x) => x.toFixed(0)).join(", ")}]`,
  );
  console.log(
    `  painted: median ${median(b.painted).toFixed(0)} ms, fastest in ${b.paintWins} of ${rounds} rounds ` +
      `[${b.painted.map((x) => x.toFixed(0)).join(", ")}]`,
  );
  if (b.steps?.length) {
    // Each step's length, from the ends the worker reports.
    const step = (i) => median(b.steps.map(({ steps: s }) => s[i] - (i ? s[i - 1] : 0))).toFixed(0);
    console.log(
      `  steps, median ms of ${b.steps.length}: plan ${step(0)}, this worker's part ${step(1)}, ` +
        `waiting for the helper's ${step(2)}, join ${step(3)}, analysis ${step(4)}`,
    );
    // The page's own part of each load: from the worker's result (its last
    // step) to the pyramid in the page and to its paint. The worker's clock
    // starts at its command, a few ms after the input's change, so these
    // include those ms; they leave out the workers' swings, which a change
    // to the page's drawing should be judged without.
    const page = (k) => median(b.steps.map((l) => l[k] - l.steps[4])).toFixed(0);
    console.log(`  the page, median ms from the result: to the pyramid ${page("ms")}, to its paint ${page("painted")}`);
  }
}
