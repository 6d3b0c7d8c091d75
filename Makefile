# klantenpiramide — the two commands a newcomer needs are `make serve` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# Project-local tools first: wasm-opt (binaryen 132) comes from npm.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CHROMEDRIVER := /usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT := 120
export CARGO_TERM_COLOR := never

.PHONY: help setup serve dist test lint unit wasm-test e2e bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-10s %s\n", $$1, $$2 }'

setup: ## install what is missing (idempotent; ~15 min the first time, ~1 s after)
	@.ci/setup.sh

serve: setup ## build and serve the app on http://127.0.0.1:8080
	trunk serve --release --offline

dist: setup ## release build into dist/
	trunk build --release --offline

lint: setup ## rustfmt and clippy (native and wasm32), warnings are errors
	cargo fmt --all --check
	cargo clippy --all-targets --locked -- -D warnings
	cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown --features split --bin klantenpiramide -- -D warnings

unit: setup ## native unit, behaviour and property tests
	cargo test --locked

wasm-test: setup ## wasm-bindgen-test in headless Chromium
	cargo test --locked --target wasm32-unknown-unknown --test browser

e2e: dist ## Playwright end-to-end tests against the release build
	node --test --test-concurrency=1 tests/e2e/

test: lint unit wasm-test e2e ## everything CI runs

# What examples/wasm_bench.rs gives tests/bench/wasm-node.mjs.
WASM_BENCH_EXPORTS = $(foreach f,input import rows analyse free,-C link-arg=--export=bench_$(f))

bench: dist ## native, wasm (in Node) and browser benchmarks (prints tables)
	cargo run --profile worker-release --locked --example bench
	cargo run --profile worker-release --locked --example bench -- --write target/bench-1m.csv 1000000
	cargo run --profile worker-release --locked --example bench -- --parts target/bench-1m.csv
	cargo rustc --profile worker-release --locked --target wasm32-unknown-unknown --example wasm_bench -- $(WASM_BENCH_EXPORTS)
	node tests/bench/wasm-node.mjs target/wasm32-unknown-unknown/worker-release/examples/wasm_bench.wasm target/bench-1m.csv 5
	node tests/bench/browser-bench.mjs target/bench-1m.csv 3
	cargo run --profile worker-release --locked --example bench -- --write target/bench-500mb.csv 8300000
	node tests/bench/browser-bench.mjs --large target/bench-500mb.csv

clean: ## remove build output
	rm -rf dist target test-results
