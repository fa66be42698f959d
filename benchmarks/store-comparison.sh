#!/usr/bin/env bash
# Store benchmark next to its baselines, all on one redis-server in one run:
#   1. redis-benchmark running EVALSHA of a script with the same Redis work as a reattach commit, -c CONCURRENCY;
#   2. ./jvpn bench store, uncontended (--contenders 1) and contended (--contenders 3);
#   3. Redisson RLock acquire + release with CONCURRENCY threads.
# Usage: benchmarks/store-comparison.sh [CONCURRENCY] [SECONDS] [SESSIONS]
# JVPN=<launcher> runs another launcher than ./jvpn (for example one that runs an already built jar as it is, while
# sources change around it).
# Prints each tool's output, then a summary with the ratios. Starts its own redis-server on a free loopback port and
# stops it by PID when done.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
concurrency=${1:-16}
seconds=${2:-10}
sessions=${3:-1000}
jvpn=${JVPN:-$root/jvpn}
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
baseline_script=${BASELINE_SCRIPT:-$root/benchmarks/src/main/resources/baseline-reattach-shape.lua}
sha=$(redis-cli -p "$port" SCRIPT LOAD "$(cat "$baseline_script")")
# Values as long as those of `jvpn bench store` (ids of 22 characters, node 'bench-<6>-<n>'): the baseline's reads,
# writes and reply then carry as many bytes as a real reattach's. A full outcome list of 8 entries:
node='bench-base00-0'
sid='AAAAAAAAAAAAAAAAAAAAAA'
rq=$(python3 -c "print(';'.join(f'r-$sid-{100 + i} $node 1 {300 + 2 * i} C' for i in range(8)))")
# The sessions exist before the measurement, as in jvpn bench store: every field of a record, and the node's lease
# (the key names are redis-benchmark's __rand_int__, 12 digits).
redis-cli -p "$port" EVAL "
  for i = 0, tonumber(ARGV[1]) - 1 do
    redis.call('HSET', string.format('bench:s:{%012d}', i), 'fv', '1', 'id', ARGV[2], 'key', ARGV[3],
      'st', 'ATTACHED', 'v', '301', 'on', ARGV[4], 'oe', '1', 'b', 'udp://127.0.0.1:40000', 'n', '150',
      'bv', '299', 'lc', 'REATTACH', 'rq', ARGV[5], 'ca', '1795241189699', 'ua', '1795241190726',
      'ea', '1795241310699', 'pr', 'bench', 'tr', '')
  end
  redis.call('HSET', 'bench:ls:{0}', 'n:' .. ARGV[4], '1:9999999999999')
  return ARGV[1]" 0 "$sessions" "$sid" "$(python3 -c 'print("A" * 43)')" "$node" "$rq" >/dev/null
bench_args=(EVALSHA "$sha" 2 'bench:s:{__rand_int__}' 'bench:ls:{0}' "$node" "$rq" udp://127.0.0.1:40000)
# a warm-up pass, then the measured one sized to last about $seconds seconds
redis-benchmark -p "$port" -c "$concurrency" -n 20000 -r "$sessions" -q "${bench_args[@]}" >/dev/null
probe=$(redis-benchmark -p "$port" -c "$concurrency" -n 50000 -r "$sessions" --csv "${bench_args[@]}" \
  | tail -1 | cut -d, -f2 | tr -d '"')
total=$(python3 -c "print(max(50000, int(float('$probe') * $seconds)))")
redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
baseline_line=$(redis-benchmark -p "$port" -c "$concurrency" -n "$total" -r "$sessions" --csv "${bench_args[@]}" | tail -1)
echo "$baseline_line"
echo "   Redis: $(redis-cli -p "$port" INFO commandstats | grep '^cmdstat_evalsha' | tr -d '\r')"
baseline=$(echo "$baseline_line" | cut -d, -f2 | tr -d '"')

echo "== 2a. jvpn bench store --contenders 1 --concurrency $concurrency"
redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
uncontended=$("$jvpn" bench store --redis "$uri" --sessions "$sessions" --contenders 1 \
  --concurrency "$concurrency" --duration "${seconds}s" --warmup 2s | tail -1)
echo "$uncontended"
echo "   Redis (warm-up included): $(redis-cli -p "$port" INFO commandstats | grep '^cmdstat_evalsha' | tr -d '\r')"

contended_concurrency=$(( (concurrency / 3) * 3 )); [ "$contended_concurrency" -ge 3 ] || contended_concurrency=3
echo "== 2b. jvpn bench store --contenders 3 --concurrency $contended_concurrency"
redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
contended=$("$jvpn" bench store --redis "$uri" --sessions "$sessions" --contenders 3 \
  --concurrency "$contended_concurrency" --duration "${seconds}s" --warmup 2s | tail -1)
echo "$contended"
echo "   Redis (warm-up included): $(redis-cli -p "$port" INFO commandstats | grep '^cmdstat_evalsha' | tr -d '\r')"

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
