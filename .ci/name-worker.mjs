// Trunk post-build hook: name the worker's two files after their content, so
// that a browser (and the offline copy, src/sw.js) may keep them for good, as
// it keeps the page's files. Trunk names them after the binary, `worker.js`
// and `worker_bg.wasm`, whatever their content.
//
// The page learns the names from a <meta name="klp-worker"> this hook adds to
// index.html (src/ui/worker_client.rs; without it the page asks for the plain
// names). The glue's own default path to the module is never used: the page
// compiles the module and hands it to every worker.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("name-worker: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
const glue = join(staging, "worker.js");
const wasm = join(staging, "worker_bg.wasm");
for (const file of [glue, wasm]) {
  if (!existsSync(file)) {
    console.error(`name-worker: ${file} is missing (has Trunk renamed the worker's files?)`);
    process.exit(1);
  }
}
const hash = createHash("sha256").update(readFileSync(glue)).update(readFileSync(wasm)).digest("hex").slice(0, 16);
const names = [`worker-${hash}.js`, `worker-${hash}_bg.wasm`];
renameSync(glue, join(staging, names[0]));
renameSync(wasm, join(staging, names[1]));

const page = join(staging, "index.html");
const html = readFileSync(page, "utf8");
if (!html.includes("</head>")) {
  console.error(`name-worker: ${page} has no </head>`);
  process.exit(1);
}
const meta = `<meta name="klp-worker" content="./${names[0]} ./${names[1]}" />`;
writeFileSync(page, html.replace("</head>", `${meta}\n</head>`));
console.log(`name-worker: ${names.join(", ")}`);
