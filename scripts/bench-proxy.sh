#!/usr/bin/env bash
# Proxy benchmark (not a test): the proxy versus nginx proxy_pass, both in front
# of the same nginx `return 200` upstream, measured with wrk on loopback.
# Three alternating runs each; prints medians of requests/s, p50 and p99, the
# ratio proxy/nginx (aim: at least 0.8) and the proxy's peak RSS.
#   scripts/bench-proxy.sh            (DURATION=10s CONNECTIONS=64 THREADS=2)
source "$(dirname "$0")/lib.sh"

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nginx-light wrk >/dev/null
fi
cargo build --release --locked -q -p itt-esim-server

work="$(mktemp -d)"
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  upstream itt { server 127.0.0.1:18081; keepalive 64; }
  # The fixed upstream: what ITT would answer, instantly.
  server {
    listen 127.0.0.1:18081;
    location / { default_type application/json; return 200 '{"status":"success","reason":"ok","tracking_id":"1","data":[]}'; }
  }
  # The baseline: nginx itself as the proxy, with upstream keepalive.
  server {
    listen 127.0.0.1:18082;
    location / {
      proxy_pass http://itt;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header apikey bench;
      proxy_set_header secretecode bench;
    }
  }
}
CONF
nginx -c "$work/nginx.conf"
ITT_API_KEY=bench ITT_SECRET_CODE=bench ITT_TOKEN_SECRET=bench-token-secret-with-32-characters \
RUST_LOG=error target/release/itt-esim-server --upstream http://127.0.0.1:18081 \
  --partner-id 1 --member-id 2 --listen 127.0.0.1:18083 --rate-limit-per-minute 0 \
  --max-in-flight 100000 --max-in-flight-per-client 0 --max-connections-per-client 0 \
  > "$work/proxy.log" 2>&1 &
echo $! > "$work/proxy.pid"
for _ in $(seq 50); do curl -sf -o /dev/null -X POST -d '{}' http://127.0.0.1:18083/esim/search && break; sleep 0.1; done

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"eSim":{"region_type":"local","country_code":"TH","plan_type":"data"},"supplier_uid":"all","language":"en"}'
wrk.headers["Content-Type"] = "application/json"
LUA

run() { # run URL -> "rps p50_ms p99_ms"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/post.lua" "$1" > "$work/out" 2>&1
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.3f %.3f %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }' "$work/out"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: > "$work/proxy.txt"; : > "$work/nginx.txt"
for i in 1 2 3; do
  run http://127.0.0.1:18083/esim/search >> "$work/proxy.txt"
  run http://127.0.0.1:18082/esim/search >> "$work/nginx.txt"
done
for who in proxy nginx; do
  echo "$who runs (rps p50_ms p99_ms non2xx):"; sed 's/^/  /' "$work/$who.txt"
done
p_rps=$(cut -d' ' -f1 "$work/proxy.txt" | median); n_rps=$(cut -d' ' -f1 "$work/nginx.txt" | median)
p_p50=$(cut -d' ' -f2 "$work/proxy.txt" | median); n_p50=$(cut -d' ' -f2 "$work/nginx.txt" | median)
p_p99=$(cut -d' ' -f3 "$work/proxy.txt" | median); n_p99=$(cut -d' ' -f3 "$work/nginx.txt" | median)
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$(cat "$work/proxy.pid")/status")
echo
printf '%-22s %12s %10s %10s\n' "" "req/s" "p50 ms" "p99 ms"
printf '%-22s %12s %10s %10s\n' "itt-esim-server" "$p_rps" "$p_p50" "$p_p99"
printf '%-22s %12s %10s %10s\n' "nginx proxy_pass" "$n_rps" "$n_p50" "$n_p99"
awk -v p="$p_rps" -v n="$n_rps" 'BEGIN { printf "ratio proxy/nginx req/s: %.2f (aim >= 0.80)\n", p / n }'
echo "proxy peak RSS: $((rss / 1024)) MiB ($rss kB)"
