#!/usr/bin/env bash
# Proxy benchmark (not a test): the proxy with its embedded store (metrics off and
# on), the proxy with Redis, and nginx proxy_pass, all in front of one nginx
# upstream answering instantly, measured with wrk on loopback. Two workloads:
# searches, and one create-booking replayed (every request a claim that finds the
# recorded answer). The proxies count every request against a (huge) rate budget,
# so the store's per-request work is measured. RUNS alternating runs each; prints
# medians of requests/s, p50, p99 and the proxy's CPU time per request (read from
# /proc: steadier than requests/s on a shared machine), the ratios with their
# goals, and the proxies' peak RSS. wrk, nginx, Redis and the proxies share this
# machine's cores.
#   scripts/bench-proxy.sh            (DURATION=10s CONNECTIONS=64 THREADS=2 RUNS=3)
source "$(dirname "$0")/lib.sh"

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
RUNS="${RUNS:-3}"
server="${CARGO_TARGET_DIR:-target}/release/itt-esim-server"
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nginx-light wrk >/dev/null
fi
ensure_redis
cargo build --release --locked -q -p itt-esim-server

work="$(mktemp -d)"
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null; sleep 0.2; rm -rf "$work"' EXIT
mkdir -p "$work/state" "$work/redis"
redis_port=$(start_redis "$work/redis") || { echo "redis-server did not start" >&2; exit 1; }
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
  geo \$dollar { default "\$"; }  # a literal \$ in the activation code below
  # The fixed upstream: what ITT would answer, instantly.
  server {
    listen 127.0.0.1:18081;
    location / { default_type application/json; return 200 '{"status":"success","reason":"ok","tracking_id":"1","data":[]}'; }
    location /esim/create-booking {
      default_type application/json;
      return 200 '{"status":"success","booking_id":"ES-1","tracking_id":"1","booking":{"payment_url":"https://checkout.innotraveltech.com/pay/1","booking_status":"pending"},"eSim":{"0":{"iccid":"8944000000000000001","qrcode":"LPA:1\${dollar}lpa.example\${dollar}M1"}}}';
    }
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
secret=bench-token-secret-with-32-characters
proxy() { # proxy NAME PORT STORE-FLAGS...: a proxy counting every request against a huge budget
  local name="$1" port="$2"; shift 2
  ITT_API_KEY=bench ITT_SECRET_CODE=bench ITT_TOKEN_SECRET=$secret RUST_LOG=error \
    "$server" --upstream http://127.0.0.1:18081 \
    --partner-id 1 --member-id 2 --listen "127.0.0.1:$port" \
    --allowed-origins https://hotel.example \
    --rate-limit-per-minute 1000000000 --rate-limit-burst 1000000 \
    --max-in-flight 100000 --max-in-flight-per-client 0 --max-connections-per-client 0 \
    "$@" > "$work/$name.log" 2>&1 &
  echo $! > "$work/$name.pid"
  for _ in $(seq 100); do
    curl -sf -o /dev/null -X POST -d '{}' "http://127.0.0.1:$port/esim/search" && return 0
    sleep 0.1
  done
  echo "$name did not start:" >&2; cat "$work/$name.log" >&2; exit 1
}
mkdir -p "$work/state-metrics"
proxy embedded 18083 --state-dir "$work/state"
proxy metrics 18085 --state-dir "$work/state-metrics" --metrics-listen 127.0.0.1:18086
proxy redis 18084 --redis-url "redis://127.0.0.1:$redis_port/0"
curl -sf http://127.0.0.1:18086/metrics | grep -q '^itt_esim_http_requests_total' \
  || { echo "the metrics proxy records nothing" >&2; exit 1; }

# One booking, made once through each proxy; wrk then replays the identical request.
key=$(printf 'tracking-key\0%s' 1 | openssl dgst -sha256 -hmac "$secret" -binary | base64 | tr '+/' '-_' | tr -d '=')
booking='{"booking_tracking_id":"1","tracking_key":"'"$key"'","package_tracking_id":"PT","eSim_quantity":"1","redirect_url":"https://hotel.example/stay","isd_code":"+44","contact_no":"7700900123","email_address":"guest@example.com"}'
for port in 18083 18085 18084; do
  code=$(curl -s -o "$work/booked" -w '%{http_code}' -X POST -H 'content-type: application/json' \
    -d "$booking" "http://127.0.0.1:$port/esim/create-booking")
  [ "$code" = 200 ] || { echo "create-booking via :$port answered $code: $(cat "$work/booked")" >&2; exit 1; }
done
cat > "$work/booking.lua" <<LUA
wrk.method = "POST"
wrk.body = '$booking'
wrk.headers["Content-Type"] = "application/json"
LUA

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"eSim":{"region_type":"local","country_code":"TH","plan_type":"data"},"supplier_uid":"all","language":"en"}'
wrk.headers["Content-Type"] = "application/json"
LUA

cpu_ticks() { # user + system clock ticks of process PID so far
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
run() { # run NAME URL SCRIPT -> "rps p50_ms p99_ms non2xx cpu_us_per_request"
  local pid=""; [ -f "$work/$1.pid" ] && pid=$(cat "$work/$1.pid")
  local before=0; [ -n "$pid" ] && before=$(cpu_ticks "$pid")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$3" "$2" > "$work/out" 2>&1
  local ticks=0; [ -n "$pid" ] && ticks=$(( $(cpu_ticks "$pid") - before ))
  awk -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    / requests in / { total = $1 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.3f %.3f %s %.1f\n", rps, p50, p99, (bad == "" ? 0 : bad), (total > 0 ? ticks / hz * 1e6 / total : 0) }' "$work/out"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

targets="embedded:18083 metrics:18085 redis:18084 nginx:18082"
for load in search booking; do
  for who in $targets; do : > "$work/$load-${who%%:*}.txt"; done
  for _ in $(seq "$RUNS"); do
    for who in $targets; do
      script=post; [ "$load" = booking ] && script=booking
      [ "$load" = booking ] && path=create-booking || path=search
      run "${who%%:*}" "http://127.0.0.1:${who##*:}/esim/$path" "$work/$script.lua" >> "$work/$load-${who%%:*}.txt"
    done
  done
done

col() { cut -d' ' -f"$1" "$work/$2.txt" | median; }
for load in search booking; do
  echo "== $load (runs: rps p50_ms p99_ms non2xx cpu_us/req)"
  for who in $targets; do echo "  ${who%%:*}: $(tr '\n' ';' < "$work/$load-${who%%:*}.txt")"; done
  printf '  %-22s %12s %10s %10s %14s\n' "" "req/s" "p50 ms" "p99 ms" "CPU us/req"
  for who in $targets; do
    name=${who%%:*}
    case $name in
      embedded) label="proxy (metrics off)" ;; metrics) label="proxy (metrics on)" ;;
      redis) label="proxy (Redis store)" ;; *) label=$name ;;
    esac
    cpu=$(col 5 "$load-$name"); [ "$name" = nginx ] && cpu="-"
    printf '  %-22s %12s %10s %10s %14s\n' "$label" "$(col 1 "$load-$name")" \
      "$(col 2 "$load-$name")" "$(col 3 "$load-$name")" "$cpu"
  done
  e=$(col 1 "$load-embedded"); m=$(col 1 "$load-metrics"); r=$(col 1 "$load-redis"); n=$(col 1 "$load-nginx")
  ec=$(col 5 "$load-embedded"); mc=$(col 5 "$load-metrics")
  awk -v e="$e" -v m="$m" -v r="$r" -v n="$n" -v ec="$ec" -v mc="$mc" -v load="$load" 'BEGIN {
    goal = (load == "search")
    printf "  proxy/nginx req/s: %.2f%s; with metrics %.2f\n", e / n, (goal ? " (goal >= 0.6)" : ""), m / n
    printf "  metrics cost: %.1f %% of req/s, %.1f %% more CPU per request%s\n", (1 - m / e) * 100, (mc / ec - 1) * 100, (goal ? " (goal < 3 %)" : "")
    printf "  Redis store vs embedded: req/s %.2f, cost %.1f %%%s\n", r / e, (1 - r / e) * 100, (goal ? " (goal <= 15 %)" : "")
  }'
done
# The metrics' own cost, without the noise of a shared machine: instructions per
# search counted by callgrind (valgrind), metrics off and on, each as the difference
# between 1500 and 500 requests (start-up and shutdown cancel out).
instructions() { # instructions NAME REQUESTS METRICS-FLAGS... -> instructions counted
  local name="$1" requests="$2"; shift 2
  mkdir -p "$work/cg-$name-$requests"
  ITT_API_KEY=bench ITT_SECRET_CODE=bench ITT_TOKEN_SECRET=$secret RUST_LOG=error \
    valgrind --tool=callgrind --callgrind-out-file="$work/cg-$name-$requests.out" \
    "$server" --upstream http://127.0.0.1:18081 --partner-id 1 --member-id 2 \
    --listen 127.0.0.1:18090 --allowed-origins https://hotel.example \
    --rate-limit-per-minute 1000000000 --rate-limit-burst 1000000 --max-in-flight-per-client 0 \
    --state-dir "$work/cg-$name-$requests" "$@" > "$work/cg.log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do
    curl -sf -o /dev/null -X POST -d '{}' http://127.0.0.1:18090/esim/search && break
    sleep 0.2
  done
  cat > "$work/count.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"eSim":{"region_type":"local","country_code":"TH","plan_type":"data"},"supplier_uid":"all","language":"en"}'
wrk.headers["Content-Type"] = "application/json"
local answered = 0
function response(status, headers, body)
  answered = answered + 1
  if answered >= $requests then wrk.thread:stop() end
end
LUA
  wrk -t1 -c1 -d120s -s "$work/count.lua" http://127.0.0.1:18090/esim/search > /dev/null 2>&1
  kill -INT "$pid"; wait "$pid" 2>/dev/null
  awk '/^(summary|totals):/ { print $2; exit }' "$work/cg-$name-$requests.out"
}
if command -v valgrind >/dev/null; then
  off=$(( $(instructions off 1500) - $(instructions off 500) ))
  on=$(( $(instructions on 1500 --metrics-listen 127.0.0.1:18091) - $(instructions on 500 --metrics-listen 127.0.0.1:18091) ))
  awk -v off="$off" -v on="$on" 'BEGIN {
    printf "== instructions per search (callgrind): metrics off %.0f, on %.0f: metrics cost %.1f %% (goal < 3 %%)\n", off / 1000, on / 1000, (on / off - 1) * 100
  }'
else
  echo "== instructions per search: valgrind not installed (apt-get install valgrind)"
fi
for name in embedded metrics redis; do
  rss=$(awk '/VmHWM/ { print $2 }' "/proc/$(cat "$work/$name.pid")/status")
  echo "proxy ($name) peak RSS: $((rss / 1024)) MiB ($rss kB)"
done
