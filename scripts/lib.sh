# Shared by scripts/demo.sh and scripts/test.sh: idempotent tool setup and timing.
# Every step checks first and installs only what is missing, so a warm run costs seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
# The wasm-bindgen CLI must equal the crate pinned in Cargo.toml.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# CI builds from a fresh clone: incremental caches only cost disk (gigabytes) and link time.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

PHASES=()
phase_start=0
phase() { # phase NAME: starts timing a new phase (ends the previous one)
  phase_end
  PHASE_NAME="$1"
  phase_start=$(date +%s)
  printf '\n==> %s\n' "$1"
}
phase_end() {
  if [ "$phase_start" -ne 0 ]; then
    PHASES+=("$(printf '%-58s %6ss' "$PHASE_NAME" "$(( $(date +%s) - phase_start ))")")
    phase_start=0
  fi
}
phase_report() {
  phase_end
  printf '\n==> phase timings\n'
  printf '  %s\n' "${PHASES[@]}"
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    # Newer trunk needs a newer rustc than this machine's.
    cargo install --locked "trunk@$TRUNK_VERSION"
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    # --locked fails on a yanked dependency version of this release; build unlocked.
    cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  ensure_npm
}

ensure_npm() {
  # wasm-opt (npm binaryen@132; never Debian's binaryen 108), Playwright, axe-core,
  # exactly as the committed lockfile says; reinstalled only when the lockfile changes.
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ "$(cat node_modules/.itt-lock-hash 2>/dev/null)" != "$want" ]; then
    npm ci --no-audit --no-fund
    echo "$want" > node_modules/.itt-lock-hash
  fi
}

ensure_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

# WebKit (Safari's engine) and Firefox for the cross-engine suite, from Debian:
# WebKitGTK's WebDriver and MiniBrowser, Firefox ESR (WebDriver BiDi built in),
# and Xvfb (with xauth, which xvfb-run needs) for WebKit's window.
ensure_engines() {
  if ! command -v WebKitWebDriver >/dev/null || ! command -v firefox-esr >/dev/null \
    || ! command -v xvfb-run >/dev/null || ! command -v xauth >/dev/null; then
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
      webkit2gtk-driver firefox-esr xvfb xauth >/dev/null
  fi
}

# One release build serves the demo, the size report and the end-to-end tests.
ensure_redis() { # Debian's redis-server for the shared-store tests; never starts a system Redis
  if ! command -v redis-server >/dev/null 2>&1; then
    as_root apt-get update -qq
    # The package's postinst starts a system Redis on :6379; policy-rc.d's 101 says
    # "start no services" for this install (tests start their own on a free port).
    local had_policy=0
    [ -e /usr/sbin/policy-rc.d ] && had_policy=1
    [ "$had_policy" = 1 ] || printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends redis-server >/dev/null
    [ "$had_policy" = 1 ] || as_root rm -f /usr/sbin/policy-rc.d
  fi
}

start_redis() { # start_redis DIR: a redis-server on a free loopback port; prints the port
  local dir="$1" port
  for _ in 1 2 3 4 5; do
    port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no \
      --maxmemory-policy noeviction --daemonize yes --pidfile "$dir/redis.pid" \
      --logfile "$dir/redis.log" || continue
    for _ in $(seq 50); do
      if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then echo "$port"; return 0; fi
      sleep 0.1
    done
  done
  return 1
}

build_release() {
  trunk --skip-version-check build --release --locked
  cargo build --release --locked -p itt-esim-server
}
