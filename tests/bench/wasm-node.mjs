// `make bench`, wasm part: the import and the analysis in wasm (examples/wasm_bench.rs,
// built as the worker is) timed in Node, whose V8 is Chromium's, without the browser.
//   node tests/bench/wasm-node.mjs WASM FILE [RUNS]
// Prints one thread's import and analysis of the whole file (median of RUNS after a
// warm-up that gets the code optimised), against which the browser's two workers can
// be read, and the file's two halves imported on two threads at once against one after
// the other: what sharing this machine's two cores costs each of them.
import { readFileSync } from "node:fs";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The module's exports, ready to import text. */
async function load(wasmPath) {
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  // The library links wasm-bindgen's imports without calling them on this path.
  const imports = {};
  for (const { module: m, name } of WebAssembly.Module.imports(module)) {
    imports[m] ??= {};
    imports[m][name] = () => {
      throw new Error(`the benchmark called the import ${m}.${name}`);
    };
  }
  const { exports } = await WebAssembly.instantiate(module, imports);
  return exports;
}

/** Imports `bytes` (and analyses them if asked); returns the times in ms. */
function importOnce(wasm, bytes, analyse) {
  const ptr = wasm.bench_input(bytes.length);
  new Uint8Array(wasm.memory.buffer, ptr, bytes.length).set(bytes);
  const t0 = performance.now();
  const imported = wasm.bench_import(ptr, bytes.length);
  const t1 = performance.now();
  if (!imported) throw new Error("the file did not import");
  const rows = wasm.bench_rows(imported);
  const active = analyse ? wasm.bench_analyse(imported) : 0;
  const t2 = performance.now();
  wasm.bench_free(imported);
  return { importMs: t1 - t0, analyseMs: t2 - t1, rows, active };
}

/** The text up to the first line ending at or after `at` bytes. */
const upToLine = (bytes, at) => bytes.subarray(0, bytes.indexOf(10, at) + 1);

/** Runs small pieces until the code is optimised (V8 compiles a hot function again). */
function warmUp(wasm, bytes) {
  const piece = upToLine(bytes, 2_000_000);
  for (let i = 0; i < 8; i++) importOnce(wasm, piece, true);
}

if (isMainThread) {
  const [wasmPath, filePath, runsArg = "5"] = process.argv.slice(2);
  if (!wasmPath || !filePath) {
    console.error("usage: node tests/bench/wasm-node.mjs WASM FILE [RUNS]");
    process.exit(2);
  }
  const runs = Math.max(1, Number(runsArg));
  const file = readFileSync(filePath);
  const mb = file.length / 1e6;
  const wasm = await load(wasmPath);
  warmUp(wasm, file);
  const whole = [];
  for (let i = 0; i < runs; i++) whole.push(importOnce(wasm, file, true));
  const importMs = median(whole.map((r) => r.importMs));
  const analyseMs = median(whole.map((r) => r.analyseMs));

  // The two halves, each on its own thread, as the browser's two workers read them.
  const cut = file.indexOf(10, Math.floor(file.length / 2)) + 1;
  const header = file.subarray(0, file.indexOf(10) + 1);
  const halves = [file.subarray(0, cut), Buffer.concat([header, file.subarray(cut)])];
  const threads = halves.map((half) => new Worker(new URL(import.meta.url), { workerData: { wasmPath, half } }));
  await Promise.all(threads.map((t) => new Promise((ok) => t.once("message", ok))));
  const go = (t) =>
    new Promise((ok, fail) => {
      t.once("message", ok);
      t.once("error", fail);
      t.postMessage("go");
    });
  const together = [];
  const apart = [];
  for (let i = 0; i < runs; i++) {
    together.push(...(await Promise.all(threads.map(go))));
    for (const t of threads) apart.push(await go(t));
  }
  await Promise.all(threads.map((t) => t.terminate()));

  const f = (x) => x.toFixed(0).padStart(5);
  console.log(`\nwasm in Node (${process.version}), ${mb.toFixed(1)} MB, ${whole[0].rows} rows, median of ${runs}`);
  console.log("| in wasm, one thread, whole file        |    ms |  MB/s |");
  console.log("|----------------------------------------|------:|------:|");
  console.log(`| import                                 | ${f(importMs)} | ${f(mb / (importMs / 1000))} |`);
  console.log(`| analysis (first result)                | ${f(analyseMs)} |       |`);
  console.log(`| a half's import, one after the other   | ${f(median(apart))} | ${f(mb / 2 / (median(apart) / 1000))} |`);
  console.log(`| a half's import, both halves at once   | ${f(median(together))} | ${f(mb / 2 / (median(together) / 1000))} |`);
} else {
  const wasm = await load(workerData.wasmPath);
  const half = Buffer.from(workerData.half);
  warmUp(wasm, half);
  importOnce(wasm, half, false);
  parentPort.on("message", () => parentPort.postMessage(importOnce(wasm, half, false).importMs));
  parentPort.postMessage("ready");
}
