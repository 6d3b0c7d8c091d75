#!/usr/bin/env bash
# Installs what building and testing klantenpiramide needs, from the
# registries this project may use (crates.io, npm, Debian). Idempotent: when
# everything is present it only checks, in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

if ! command -v cargo >/dev/null; then
  say "cargo is missing: install Rust with rustup first (https://rustup.rs)"; exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target (seconds)"
  rustup target add wasm32-unknown-unknown
fi

apt_packages=()
command -v node >/dev/null && command -v npm >/dev/null || apt_packages+=(nodejs npm)
command -v chromium >/dev/null || apt_packages+=(chromium)
command -v chromedriver >/dev/null || apt_packages+=(chromium-driver)
if [ ${#apt_packages[@]} -gt 0 ]; then
  say "installing ${apt_packages[*]} from Debian (about a minute)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

# The browser tests use node's own test runner with --test-concurrency (Node ≥ 20).
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  say "Node.js 20 or newer is needed for the browser tests; this machine has $(node --version)"
  exit 1
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "building trunk $TRUNK_VERSION from crates.io (about 11 minutes on 2 cores, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "building wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 2 minutes, once)"
  # Not --locked: its lockfile pins a webpki-roots version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-split-cli cuts the page's wasm into a main module and the dashboard's
# chunk (.ci/split-page.mjs). Its version must read the split points the
# wasm_split_helpers crate in Cargo.lock writes (both 0.2).
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "building wasm-split-cli $WASM_SPLIT_VERSION from crates.io (about a minute, once)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tooling: playwright-core, binaryen (wasm-opt), papaparse (seconds)"
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p target
if [ ! -f target/.fetched ] || [ Cargo.lock -nt target/.fetched ]; then
  say "fetching crates (Cargo.lock)"
  cargo fetch --locked
  touch target/.fetched
fi
