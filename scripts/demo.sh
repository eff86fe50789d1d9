#!/usr/bin/env bash
# Runs the demo: the hotel page + widget + proxy in sandbox mode, on 127.0.0.1.
#   scripts/demo.sh            -> http://127.0.0.1:8080
#   PORT=9000 scripts/demo.sh  -> http://127.0.0.1:9000
source "$(dirname "$0")/lib.sh"

phase "tools (installs only what is missing)"
ensure_build_tools
phase "release build (widget + server)"
build_release
phase_report

echo
echo "Open http://127.0.0.1:${PORT:-8080}  (two themes, five languages: /demo/themes.html; Ctrl-C stops the server)"
# The sandbox keeps its bookings in target/ so the demo survives a restart.
exec target/release/itt-esim-server --sandbox --listen "127.0.0.1:${PORT:-8080}" --serve-dir dist \
  --sandbox-data target/demo-sandbox.json
