// Trunk post-build hook: split the page's wasm into a main module and the
// dashboard's chunk, so that the first paint waits for the main module only.
//
// Trunk 0.21 knows nothing of wasm splitting, so this redoes the page's last
// steps the way cargo-leptos does with `--split`:
//   1. `wasm-split-cli` cuts cargo's output (linked with --emit-relocs, see
//      build.rs) at every `#[wasm_split]` function (src/ui/dashboard.rs):
//      a main module, one chunk per split point, and a small JS loader
//      (`__wasm_split.js`) that fetches a chunk and links it to the main module;
//   2. `wasm-bindgen` generates the glue for the main module (keeping the
//      exports the chunks link against);
//   3. `wasm-opt -Oz` shrinks the main module and every chunk (release only);
//   4. the files replace Trunk's in the staging directory under a name with
//      a hash of their own content, and index.html follows: new names, new
//      integrity hashes.
// Trunk's own wasm-bindgen run of the unsplit module is thrown away.
//
// What this relies on from wasm-split-cli 0.2 (checked below, so a change
// fails the build instead of shipping a page that cannot load its chunk):
// the loader's name, the chunk names `split_*.wasm` / `chunk_*.wasm`, the
// loader fetching each chunk as "./<chunk>", and the glue importing the
// loader as "./__wasm_split.js".
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const BIN = "klantenpiramide";
const LOADER = "__wasm_split.js";
const WASM_OPT = resolve("node_modules/.bin/wasm-opt");
const WASM_OPT_FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-simd", "--enable-multivalue"];

const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });
const read = (path) => readFileSync(path, "utf8");
/** Fails unless `text` contains `part`. */
function expect(text, part, what) {
  if (!text.includes(part)) throw new Error(`${what}: expected ${part}`);
  return text;
}
/** `text` with every `from` replaced by `to`; fails when `from` is not there. */
const swap = (text, from, to, what) => expect(text, from, what).replaceAll(from, to);

function main(staging, targetDir, work) {
  const release = process.env.TRUNK_PROFILE === "release";
  const input = join(targetDir, "wasm32-unknown-unknown", release ? "release" : "debug", `${BIN}.wasm`);
  if (release && !existsSync(WASM_OPT)) throw new Error(`${WASM_OPT} is missing: run make setup`);

  // Trunk's page bundle, klantenpiramide-<hash>.js and _bg.wasm.
  const trunkGlue = readdirSync(staging).find((f) => f.startsWith(`${BIN}-`) && f.endsWith(".js"));
  if (!trunkGlue) throw new Error(`no ${BIN}-<hash>.js in ${staging}`);
  const trunkStem = trunkGlue.slice(0, -".js".length);

  // Built under the plain name; the files are named after their content
  // once that is known. (The names inside the glue's import object must stay:
  // the wasm names its imports after the glue it was generated with.)
  const stem = BIN;
  run("wasm-split-cli", ["--target", "web", "--out-name", stem, input, work]);
  const chunks = readdirSync(work).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f));
  if (chunks.length === 0) throw new Error("wasm-split-cli found no split point: is the `split` feature on?");
  run("wasm-bindgen", ["--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript",
    "--out-dir", work, "--out-name", stem, join(work, `${stem}.wasm`)]);

  const optimised = (file) => join(work, `opt-${file}`);
  const wasm = [`${stem}_bg.wasm`, ...chunks];
  for (const file of wasm) {
    if (release) run(WASM_OPT, ["-Oz", ...WASM_OPT_FEATURES, join(work, file), "-o", optimised(file)]);
    else copyFileSync(join(work, file), optimised(file));
  }
  const loader = read(join(work, LOADER));
  const glue = read(join(work, `${stem}.js`));

  // One hash over everything the page loads, so a cached file never meets a
  // newer one (Trunk's own hash only covers cargo's output).
  const hash = createHash("sha256");
  for (const file of wasm) hash.update(readFileSync(optimised(file)));
  hash.update(loader).update(glue);
  const final = `${BIN}-${hash.digest("hex").slice(0, 16)}`;
  const names = new Map([
    [`${stem}_bg.wasm`, `${final}_bg.wasm`],
    ...chunks.map((chunk) => [chunk, `${final}-${chunk}`]),
  ]);

  // The loader imports the glue's initSync and fetches the chunks; the glue
  // imports the loader (the wasm still names its import module
  // "./__wasm_split.js": only the JS import moves).
  let finalLoader = swap(loader, `from "./${stem}.js"`, `from "./${final}.js"`, "loader imports the glue");
  for (const chunk of chunks) finalLoader = swap(finalLoader, `"./${chunk}"`, `"./${names.get(chunk)}"`, "loader fetches the chunk");
  const finalGlue = swap(glue, `from "./${LOADER}"`, `from "./${final}-split.js"`, "glue imports the loader")
    // wasm-bindgen's default module path (the page passes its own).
    .replaceAll(`'${stem}_bg.wasm'`, `'${final}_bg.wasm'`);
  for (const [from, to] of names) copyFileSync(optimised(from), join(staging, to));
  writeFileSync(join(staging, `${final}-split.js`), finalLoader);
  writeFileSync(join(staging, `${final}.js`), finalGlue);
  for (const old of [`${trunkStem}.js`, `${trunkStem}_bg.wasm`]) unlinkSync(join(staging, old));

  // index.html: Trunk's names (inline loader, preloads) and integrity hashes.
  const html = join(staging, "index.html");
  let page = swap(read(html), trunkStem, final, "index.html names the page bundle");
  for (const file of [`${final}.js`, `${final}_bg.wasm`]) {
    const digest = createHash("sha384").update(readFileSync(join(staging, file))).digest("base64");
    const link = new RegExp(`(href="[^"]*/${file.replaceAll(".", "\\.")}"[^>]*integrity=")sha384-[^"]*"`);
    if (!link.test(page)) throw new Error(`index.html has no integrity hash for ${file}`);
    page = page.replace(link, `$1sha384-${digest}"`);
  }
  writeFileSync(html, page);
  const kb = (f) => `${Math.round(readFileSync(join(staging, f)).length / 1024)} KB`;
  console.log(`split-page: ${[...names.values()].map((to) => `${to} ${kb(to)}`).join(", ")}`);
}

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("split-page: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
// Cargo's target directory, wherever it is configured; the work files go
// there too (the same disk as the output: no cross-device moves).
const { target_directory: targetDir } = JSON.parse(
  execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps", "--offline"]),
);
const work = mkdtempSync(join(targetDir, "split-page-"));
try {
  main(staging, targetDir, work);
} catch (error) {
  console.error(`split-page: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
