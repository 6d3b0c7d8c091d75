// Trunk post-build hook (the last one): write sw.js, the service worker that
// keeps this build on the machine for offline use (src/sw.js says how).
//
// It lists every file of the staged build (index.html as the page itself,
// "./"), each with its SHA-384 and whether its name carries a content hash,
// and names the version after a hash of all of them, so every build gets a
// new sw.js and the browser installs the new copy.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("offline-copy: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
const OUT = "sw.js";
const TEMPLATE = "src/sw.js";
// Trunk's and split-page's names: main-<hash>.css, klantenpiramide-<hash>….
const HASHED = /-[0-9a-f]{12,}(?=[._-])/;

const version = createHash("sha256");
const files = readdirSync(staging, { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name !== OUT)
  .map((entry) => entry.name)
  .sort()
  .map((name) => {
    const bytes = readFileSync(join(staging, name));
    version.update(name).update(bytes);
    return {
      path: name === "index.html" ? "./" : `./${name}`,
      integrity: `sha384-${createHash("sha384").update(bytes).digest("base64")}`,
      immutable: HASHED.test(name),
    };
  });
if (!files.some((file) => file.path === "./")) {
  console.error(`offline-copy: no index.html in ${staging}`);
  process.exit(1);
}
const build = { version: version.digest("hex").slice(0, 16), files };
writeFileSync(join(staging, OUT), `const BUILD = ${JSON.stringify(build, null, 2)};\n\n${readFileSync(TEMPLATE, "utf8")}`);
console.log(`offline-copy: ${OUT} keeps ${files.length} files (version ${build.version})`);
