#!/usr/bin/env bash
# Runs every test: formatting, import circles, clippy (native and wasm32), native unit and server
# tests (the Redis ones against Debian's redis-server), component tests in headless
# Chromium, the release build with its size report, the end-to-end suite
# against the demo server, and the traveller's journeys in WebKit and Firefox.
# Prints phase timings.
source "$(dirname "$0")/lib.sh"
trap phase_report EXIT

phase "tools (installs only what is missing)"
ensure_build_tools
ensure_browser
ensure_engines
ensure_redis

phase "cargo fmt --check"
cargo fmt --all -- --check

phase "import circles (every crate; the check and its own tests)"
node --test tests/tools/

phase "clippy (native, all targets)"
cargo clippy --locked --workspace --all-targets -- -D warnings

phase "clippy (wasm32, widget and booking module)"
cargo clippy --locked -p itt-esim-widget --target wasm32-unknown-unknown --all-targets -- -D warnings
# Alone: the booking module links the widget crate without its `journey` feature.
cargo clippy --locked -p itt-esim-booking --target wasm32-unknown-unknown -- -D warnings

phase "native tests (pure logic + server; the Redis store against a real redis-server)"
# The Redis variants skip only where redis-server is missing; here it is installed,
# so they must run.
ITT_REQUIRE_REDIS=1 cargo test --locked --workspace

phase "component tests (wasm-bindgen-test, headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --locked -p itt-esim-widget --target wasm32-unknown-unknown

phase "release build (widget + server)"
build_release

phase "size report"
node scripts/size-report.mjs dist

phase "end-to-end (Playwright + Debian Chromium)"
node --test --test-concurrency=1 tests/e2e/

# The traveller's journeys in the other engines, one after the other (WebKit's
# driver runs one browser at a time; two cores are shared with the sandbox
# server), then in Chromium as the reference for their screens
# (`node scripts/engine-screens.mjs` puts them side by side). Every engine runs
# even when one fails, so one run reports them all.
engines_failed=()
phase "journeys in WebKit (WebKitGTK MiniBrowser, Xvfb)"
node --test --test-timeout=300000 tests/engines/webkit.test.mjs || engines_failed+=(WebKit)

phase "journeys in Firefox (Firefox ESR, WebDriver BiDi)"
node --test --test-timeout=300000 tests/engines/firefox.test.mjs || engines_failed+=(Firefox)

phase "journeys in Chromium (the reference)"
node --test --test-timeout=300000 tests/engines/chromium.test.mjs || engines_failed+=(Chromium)

if [ "${#engines_failed[@]}" -gt 0 ]; then
  echo "the journeys failed in: ${engines_failed[*]}" >&2
  exit 1
fi
