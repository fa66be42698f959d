#!/usr/bin/env bash
# Store benchmark next to its baselines, all on one redis-server in one run:
#   1. redis-benchmark running EVALSHA of a script with the same Redis work as a reattach commit, -c CONCURRENCY;
#   2. ./jvpn bench store, uncontended (--contenders 1) and contended (--contenders 3);
#   3. Redisson RLock acquire + release with CONCURRENCY threads.
# Usage: benchmarks/store-comparison.sh [CONCURRENCY] [SECONDS] [SESSIONS]
# Prints each tool's output, then a summary with the ratios. Starts its own redis-server on a free loopback port and
# stops it by PID when done.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
concurrency=${1:-16}
seconds=${2:-10}
sessions=${3:-1000}
. "$root/.mvn/java-home.sh"

command -v redis-server >/dev/null || { echo "needs redis-server (sudo apt-get install -y redis-server)" >&2; exit 2; }
command -v redis-benchmark >/dev/null || { echo "needs redis-benchmark (sudo apt-get install -y redis-tools)" >&2; exit 2; }

if [ ! -f "$root/benchmarks/target/benchmarks.jar" ] || [ ! -f "$root/deploy/target/jvpn.jar" ]; then
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl deploy,benchmarks -am package)
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --logfile "$work/redis.log" &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
uri="redis://127.0.0.1:$port"
echo "== redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on $uri, pid $redis_pid; $(nproc) cores"

echo "== 1. redis-benchmark: EVALSHA of the reattach-shaped baseline script, -c $concurrency, no pipelining"
sha=$(redis-cli -p "$port" SCRIPT LOAD "$(cat "$root/benchmarks/src/main/resources/baseline-reattach-shape.lua")")
rq='r-1 n1 1 2 C;r-2 n1 1 4 C;r-3 n1 1 6 C;r-4 n1 1 8 C'
# a warm-up pass, then the measured one sized to last about $seconds seconds
redis-benchmark -p "$port" -c "$concurrency" -n 20000 -r "$sessions" -q \
  EVALSHA "$sha" 2 'bench:s:{__rand_int__}' 'bench:ls:{0}' n1 "$rq" udp://127.0.0.1:40000 >/dev/null
probe=$(redis-benchmark -p "$port" -c "$concurrency" -n 50000 -r "$sessions" --csv \
  EVALSHA "$sha" 2 'bench:s:{__rand_int__}' 'bench:ls:{0}' n1 "$rq" udp://127.0.0.1:40000 | tail -1 | cut -d, -f2 | tr -d '"')
total=$(python3 -c "print(max(50000, int(float('$probe') * $seconds)))")
baseline_line=$(redis-benchmark -p "$port" -c "$concurrency" -n "$total" -r "$sessions" --csv \
  EVALSHA "$sha" 2 'bench:s:{__rand_int__}' 'bench:ls:{0}' n1 "$rq" udp://127.0.0.1:40000 | tail -1)
echo "$baseline_line"
baseline=$(echo "$baseline_line" | cut -d, -f2 | tr -d '"')

echo "== 2a. jvpn bench store --contenders 1 --concurrency $concurrency"
uncontended=$("$root/jvpn" bench store --redis "$uri" --sessions "$sessions" --contenders 1 \
  --concurrency "$concurrency" --duration "${seconds}s" --warmup 2s | tail -1)
echo "$uncontended"

contended_concurrency=$(( (concurrency / 3) * 3 )); [ "$contended_concurrency" -ge 3 ] || contended_concurrency=3
echo "== 2b. jvpn bench store --contenders 3 --concurrency $contended_concurrency"
contended=$("$root/jvpn" bench store --redis "$uri" --sessions "$sessions" --contenders 3 \
  --concurrency "$contended_concurrency" --duration "${seconds}s" --warmup 2s | tail -1)
echo "$contended"

echo "== 3. Redisson RLock lock + unlock, $concurrency threads"
redisson=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "$root/benchmarks/target/benchmarks.jar" io.jumpingvpn.benchmarks.RedissonLockBench "$uri" "$concurrency" "$seconds" | tail -1)
echo "$redisson"

python3 - "$baseline" "$uncontended" "$contended" "$redisson" <<'PY'
import json, sys
baseline = float(sys.argv[1]); unc = json.loads(sys.argv[2]); con = json.loads(sys.argv[3]); rl = json.loads(sys.argv[4])
print("== summary")
print(f"| measure | per second | p50 ms | p99 ms |")
print(f"| --- | --- | --- | --- |")
print(f"| redis-benchmark EVALSHA (reattach-shaped script) | {baseline:,.0f} | | |")
print(f"| jvpn bench store, uncontended commits | {unc['commits_per_s']:,.0f} | {unc['latency_ms']['p50']} | {unc['latency_ms']['p99']} |")
print(f"| jvpn bench store, 3 contenders: winning commits | {con['commits_per_s']:,.0f} | {con['latency_ms']['p50']} | {con['latency_ms']['p99']} |")
print(f"| Redisson RLock lock+unlock | {rl['lock_unlock_per_s']:,.0f} | {rl['latency_ms']['p50']} | {rl['latency_ms']['p99']} |")
print(f"uncontended / redis-benchmark = {unc['commits_per_s'] / baseline:.2f}  (target >= 1.0)")
print(f"uncontended / Redisson        = {unc['commits_per_s'] / rl['lock_unlock_per_s']:.2f}  (target >= 3.0)")
print(f"contended rounds: {con['rounds']}, rounds without exactly one winner: {con['bad_rounds']}")
PY
