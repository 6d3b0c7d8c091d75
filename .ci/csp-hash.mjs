// Trunk post-build hook: allow exactly the inline scripts Trunk generated.
//
// Trunk loads the wasm through a small inline <script type="module">. The
// Content-Security-Policy in index.html allows scripts from 'self' only, so
// this hook computes the SHA-256 of every inline script in the staged
// index.html and writes those hashes in place of the {{INLINE_SCRIPT_HASHES}}
// marker. Nothing else is allowed to run inline.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("csp-hash: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");
const marker = "{{INLINE_SCRIPT_HASHES}}";
if (!html.includes(marker)) {
  console.error(`csp-hash: ${file} has no ${marker} marker in its CSP`);
  process.exit(1);
}
const hashes = [];
for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  const digest = createHash("sha256").update(match[1], "utf8").digest("base64");
  hashes.push(`'sha256-${digest}'`);
}
writeFileSync(file, html.replace(marker, hashes.join(" ")));
console.log(`csp-hash: allowed ${hashes.length} inline script(s)`);
