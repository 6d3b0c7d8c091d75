// Which threads of the browser are busy while the app loads a file, from a Chromium
// trace: every process's threads (the page, both workers, V8's helpers, the browser's
// file reading, the compositor), busy milliseconds per slice of time after the file
// input's `change`, up to the painted pyramid and a little after.
//   node tests/bench/threads.mjs FILE [SLICE_MS]   (build first: make dist)
// BENCH_DIST=DIR traces another build; TRACE_OUT=PATH keeps the trace (V8's wasm
// compile events are in it: `wasm.CompileLazy` with the function's index, and
// `wasm.TopTierCompilation`, a function optimised during the load).
// A thread counts as busy while it runs a task (overlapping task events merged); a
// busy thread may still wait for a core: on two cores, all rows' busy time in one
// slice above twice its length means threads took turns.
import { serveDist, launchBrowser, openApp } from "../e2e/harness.mjs";

const [file, sliceArg = "50"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node tests/bench/threads.mjs FILE [SLICE_MS]");
  process.exit(2);
}
const slice = Number(sliceArg) * 1000; // trace times are µs

const server = await serveDist(process.env.BENCH_DIST); // another build: BENCH_DIST=DIR
const browser = await launchBrowser();
let events;
try {
  const app = await openApp(browser, server.url);
  // The user's moment to pick a file: the workers are started and warm.
  await app.page.waitForTimeout(1500);
  // Playwright puts its own script into the page the first time it waits for a
  // condition there (about 25 ms on the page's thread): done here, not during the load.
  await app.page.waitForFunction(() => true);
  await browser.startTracing(app.page, {
    categories: ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink", "v8.wasm", "disabled-by-default-v8.wasm.detailed", "disabled-by-default-v8.wasm.turbofan"],
  });
  await app.page.getByTestId("file-input").setInputFiles(file);
  await app.page.waitForFunction(() => document.querySelector("[data-testid=pyramid-table] tr[data-layer=top]"), null, {
    polling: "raf",
    timeout: 120_000,
  });
  await app.page.waitForTimeout(200);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  events = trace.traceEvents ?? trace;
  if (process.env.TRACE_OUT) (await import("node:fs")).writeFileSync(process.env.TRACE_OUT, JSON.stringify(trace));
  await app.close();
} finally {
  await browser.close();
  await server.close();
}

const threadName = {};
const processName = {};
for (const e of events) {
  if (e.name === "thread_name") threadName[`${e.pid}:${e.tid}`] = e.args.name;
  if (e.name === "process_name") processName[e.pid] = e.args.name;
}
const spans = events.filter((e) => e.ph === "X" && e.dur > 0);
const change = spans.find((e) => e.name === "EventDispatch" && e.args?.data?.type === "change");
const painted = spans.filter((e) => e.name === "Paint" || e.name === "PaintImage").map((e) => e.ts + e.dur);
if (!change) throw new Error("the trace has no change event");
const t0 = change.ts;
const end = Math.max(...spans.map((e) => e.ts + e.dur));
const slices = Math.ceil((end - t0) / slice);

// Per thread: its tasks' time, overlaps merged.
const tasks = {};
for (const e of spans) {
  if (!/RunTask$/.test(e.name) || e.ts + e.dur < t0) continue;
  const key = `${e.pid}:${e.tid}`;
  (tasks[key] ??= []).push([Math.max(e.ts, t0), e.ts + e.dur]);
}
const rows = Object.entries(tasks).map(([key, list]) => {
  list.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [a, z] of list) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], z);
    else merged.push([a, z]);
  }
  const busy = new Array(slices).fill(0);
  for (const [a, z] of merged) {
    for (let i = Math.floor((a - t0) / slice); i < slices && t0 + i * slice < z; i++) {
      const from = t0 + i * slice;
      busy[i] += Math.max(0, Math.min(z, from + slice) - Math.max(a, from)) / 1000;
    }
  }
  const [pid] = key.split(":");
  const name = `${processName[pid] ?? pid} / ${threadName[key] ?? "?"} ${key.split(":")[1]}`;
  return { name, busy, total: busy.reduce((s, v) => s + v, 0) };
});
rows.sort((a, b) => b.total - a.total);
const shown = rows.filter((r) => r.total >= 2);
const cell = (v) => String(Math.round(v)).padStart(5);
const lastPaint = Math.max(...painted.filter((t) => t > t0));
console.log(`\nbusy ms per ${sliceArg} ms after the input's change (last paint at ${((lastPaint - t0) / 1000).toFixed(0)} ms)`);
console.log(`${"thread".padEnd(52)}${Array.from({ length: slices }, (_, i) => cell(i * Number(sliceArg))).join("")}  total`);
for (const r of shown) console.log(`${r.name.slice(0, 51).padEnd(52)}${r.busy.map(cell).join("")}  ${cell(r.total)}`);
const all = new Array(slices).fill(0);
for (const r of rows) r.busy.forEach((v, i) => (all[i] += v));
console.log(`${"all threads".padEnd(52)}${all.map(cell).join("")}  ${cell(all.reduce((s, v) => s + v, 0))}`);
