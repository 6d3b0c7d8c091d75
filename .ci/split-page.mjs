// Trunk post-build hook: split the page's wasm into a main module and the
// dashboard's chunk, so that the first paint waits for the main module only.
//
// Trunk 0.21 knows nothing of wasm splitting, so this redoes the page's last
// steps the way cargo-leptos does with `--split`:
//   1. `wasm-split-cli` cuts cargo's output (linked with --emit-relocs, see
//      build.rs) at every `#[wasm_split]` function (src/ui/dashboard.rs):
//      a main module, one chunk per split point, and a small JS loader;
//   2. `wasm-bindgen` generates the glue for the main module (keeping the
//      exports the chunks link against);
//   3. `wasm-opt -Oz` shrinks the main module and every chunk (release only);
//   4. the files replace Trunk's in the staging directory, under Trunk's
//      hashed name, and index.html gets their new integrity hashes.
// Trunk's own wasm-bindgen run of the unsplit module is thrown away.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = "klantenpiramide";
const say = (text) => console.log(`split-page: ${text}`);
const fail = (text) => {
  console.error(`split-page: ${text}`);
  process.exit(1);
};

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) fail("TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
const release = process.env.TRUNK_PROFILE === "release";
const targetDir = process.env.CARGO_TARGET_DIR ?? "target";
const input = join(targetDir, "wasm32-unknown-unknown", release ? "release" : "debug", `${BIN}.wasm`);

// Trunk's hashed base name of the page bundle: klantenpiramide-<hash>.
const glue = readdirSync(staging).find((f) => f.startsWith(`${BIN}-`) && f.endsWith(".js"));
if (!glue) fail(`no ${BIN}-<hash>.js in ${staging}`);
const stem = glue.slice(0, -".js".length);

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"] });
const work = mkdtempSync(join(tmpdir(), "split-page-"));
try {
  run("wasm-split-cli", ["--target", "web", "--out-name", stem, input, work]);
  const loader = "__wasm_split.js";
  const chunks = readdirSync(work).filter((f) => f.endsWith(".wasm") && f !== `${stem}.wasm`);
  if (chunks.length === 0) fail("wasm-split-cli found no split point: is the `split` feature on?");

  run("wasm-bindgen", [
    "--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript",
    "--out-dir", work, "--out-name", stem, join(work, `${stem}.wasm`),
  ]);

  // Chunk and loader names carry the page's hash too, so a browser never
  // mixes a cached chunk with a newer main module.
  let loaderJs = readFileSync(join(work, loader), "utf8");
  const outputs = [[`${stem}_bg.wasm`, `${stem}_bg.wasm`]];
  for (const chunk of chunks) {
    const name = `${stem}-${chunk}`;
    loaderJs = loaderJs.replaceAll(`"./${chunk}"`, `"./${name}"`);
    outputs.push([chunk, name]);
  }
  const loaderName = `${stem}-split.js`;
  writeFileSync(join(staging, loaderName), loaderJs);
  // Only the JS import moves; the wasm still names its import module "./__wasm_split.js".
  const glueJs = readFileSync(join(work, `${stem}.js`), "utf8");
  const from = `from "./${loader}"`;
  if (!glueJs.includes(from)) fail(`the glue does not import ./${loader}`);
  writeFileSync(join(staging, glue), glueJs.replace(from, `from "./${loaderName}"`));

  for (const [from, to] of outputs) {
    if (release) {
      run("wasm-opt", ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
        "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types",
        "--enable-simd", "--enable-multivalue", join(work, from), "-o", join(staging, to)]);
    } else {
      renameSync(join(work, from), join(staging, to));
    }
  }

  // Trunk wrote integrity hashes of its own files into index.html.
  const html = join(staging, "index.html");
  let page = readFileSync(html, "utf8");
  for (const file of [glue, `${stem}_bg.wasm`]) {
    const digest = createHash("sha384").update(readFileSync(join(staging, file))).digest("base64");
    const link = new RegExp(`(href="/${file.replaceAll(".", "\\.")}"[^>]*integrity=")sha384-[^"]*"`);
    if (!link.test(page)) fail(`index.html has no integrity hash for ${file}`);
    page = page.replace(link, `$1sha384-${digest}"`);
  }
  writeFileSync(html, page);
  const kb = (f) => `${Math.round(readFileSync(join(staging, f)).length / 1024)} KB`;
  say(outputs.map(([, to]) => `${to} ${kb(to)}`).join(", "));
} finally {
  rmSync(work, { recursive: true, force: true });
}
