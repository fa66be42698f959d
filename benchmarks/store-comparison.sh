#!/usr/bin/env bash
# Store benchmark next to its baselines, all on one redis-server in one run:
#   1. redis-benchmark running EVALSHA of a script with the same Redis work as a reattach commit but none of its checks,
#      -c CONCURRENCY;
#   1b. redis-benchmark running EVALSHA of the store's own reattach script (lib.lua + session_reattach.lua, every check)
#      behind a short prologue that derives version, nonce and request id from the stored record, on sessions and a
#      node lease the store itself created, -c CONCURRENCY; every call must commit (checked through the store after);
#   1c. what that prologue alone costs Redis per call;
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

command -v redis-benchmark >/dev/null || { echo "needs redis-benchmark (sudo apt-get install -y redis-tools)" >&2; exit 2; }

if [ ! -f "$root/benchmarks/target/benchmarks.jar" ] || [ ! -f "$root/deploy/target/jvpn.jar" ]; then
  (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl deploy,benchmarks -am package)
fi

. "$root/benchmarks/redis-server.sh"
work=$redis_dir
java_run=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -cp "$root/benchmarks/target/benchmarks.jar")
evalsha_stats() { redis-cli -p "$port" INFO commandstats | grep '^cmdstat_evalsha' | tr -d '\r'; }
usec_per_call() { evalsha_stats | sed 's/.*usec_per_call=\([0-9.]*\).*/\1/'; }
# Runs redis-benchmark with ARGS for about $seconds seconds after a warm-up pass and a probe that sizes the run;
# statistics are reset before the measured pass. Sets $measured to the measured CSV line and $bench_calls to every
# call made (all three passes).
measure() {
  redis-benchmark -p "$port" -c "$concurrency" -n 20000 -r "$sessions" -q "$@" >/dev/null
  local probe total
  probe=$(redis-benchmark -p "$port" -c "$concurrency" -n 50000 -r "$sessions" --csv "$@" | tail -1 | cut -d, -f2 | tr -d '"')
  total=$(python3 -c "print(max(50000, int(float('$probe') * $seconds)))")
  redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
  measured=$(redis-benchmark -p "$port" -c "$concurrency" -n "$total" -r "$sessions" --csv "$@" | tail -1)
  bench_calls=$((20000 + 50000 + total))
}
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
measure "${bench_args[@]}"
baseline_line=$measured
echo "$baseline_line"
echo "   Redis: $(evalsha_stats)"
baseline=$(echo "$baseline_line" | cut -d, -f2 | tr -d '"')
baseline_usec=$(usec_per_call)

echo "== 1b. redis-benchmark: EVALSHA of the store's own reattach script behind a prologue, -c $concurrency, no pipelining"
# The sessions and the node's lease, made by the store itself (ids end with the 12 digits of __rand_int__).
prepared=$("${java_run[@]}" io.jumpingvpn.benchmarks.ReattachScriptSessions prepare "$uri" "$sessions" | tail -1)
echo "   sessions: $prepared"
field() { python3 -c "import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$prepared" "$1"; }
rs_prefix=$(field prefix); rs_node=$(field node); rs_epoch=$(field epoch); rs_binding=$(field binding)
rs_session_key=$(field session_key); rs_lease_key=$(field lease_key)
lua="$root/store-redis/src/main/resources/io/jumpingvpn/store/redis/lua"
# lib.lua, a newline, session_reattach.lua: joined as store-redis's LuaScript joins them. The store loaded its scripts
# when it connected, so Redis knowing this digest proves the text is byte for byte the one the store runs.
{ cat "$lua/lib.lua"; printf '\n'; cat "$lua/session_reattach.lua"; } >"$work/reattach.lua"
store_sha=$(sha1sum "$work/reattach.lua" | cut -d' ' -f1)
[ "$(redis-cli -p "$port" SCRIPT EXISTS "$store_sha" | tr -d '\r')" = 1 ] || {
  echo "the store did not load $lua/lib.lua + session_reattach.lua as joined here (digest $store_sha); rebuild" >&2; exit 1; }
{ cat "$root/benchmarks/src/main/resources/baseline-reattach-prologue.lua"; cat "$work/reattach.lua"; } >"$work/baseline-full.lua"
full_sha=$(redis-cli -p "$port" -x SCRIPT LOAD <"$work/baseline-full.lua" | tr -d '\r')
full_args=(EVALSHA "$full_sha" 2 "$rs_session_key" "$rs_lease_key" "$rs_node" "$rs_epoch" "$rs_binding")
# One call by hand first: the reply must be the script's success (first value 1), not a refusal (0, code, ...).
one_key=${rs_session_key/__rand_int__/000000000000}
one_reply=$(redis-cli -p "$port" EVALSHA "$full_sha" 2 "$one_key" "$rs_lease_key" "$rs_node" "$rs_epoch" "$rs_binding")
echo "   one call on $one_key replies: $(echo "$one_reply" | head -9 | paste -sd' ') ..."
[ "$(echo "$one_reply" | head -1)" = 1 ] || { echo "the reattach script refused: $one_reply" >&2; exit 1; }
measure "${full_args[@]}"
full_line=$measured
echo "$full_line"
echo "   Redis: $(evalsha_stats)"
full=$(echo "$full_line" | cut -d, -f2 | tr -d '"')
full_usec=$(usec_per_call)
# Every call must have committed: read back through the store, the sessions hold one reattach per call.
checked=$("${java_run[@]}" io.jumpingvpn.benchmarks.ReattachScriptSessions check "$uri" "$rs_prefix" "$sessions" | tail -1)
echo "   after: $checked; calls made: $((bench_calls + 1))"
full_commits=$(python3 -c "import json, sys; print(json.loads(sys.argv[1])['reattach_commits'])" "$checked")
[ "$full_commits" -eq $((bench_calls + 1)) ] || {
  echo "only $full_commits of $((bench_calls + 1)) calls of the reattach script committed" >&2; exit 1; }

echo "== 1c. what the prologue alone costs Redis per call (EVALSHA of it + 'return 1' against 'return 1')"
empty_sha=$(redis-cli -p "$port" SCRIPT LOAD "return 1" | tr -d '\r')
prologue_sha=$(redis-cli -p "$port" SCRIPT LOAD \
  "$(cat "$root/benchmarks/src/main/resources/baseline-reattach-prologue.lua"; printf '\nreturn 1')" | tr -d '\r')
for sha in "$empty_sha" "$prologue_sha"; do
  redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
  redis-benchmark -p "$port" -c "$concurrency" -n 100000 -r "$sessions" -q \
    EVALSHA "$sha" 2 "$rs_session_key" "$rs_lease_key" "$rs_node" "$rs_epoch" "$rs_binding" >/dev/null
  echo "   ${sha:0:8}: $(evalsha_stats)"
  if [ "$sha" = "$empty_sha" ]; then empty_usec=$(usec_per_call); else prologue_usec=$(usec_per_call); fi
done
# From here on the store's scripts must come from the jvpn launcher's own store: see the check after step 2a.
redis-cli -p "$port" SCRIPT FLUSH >/dev/null

echo "== 2a. jvpn bench store --contenders 1 --concurrency $concurrency"
redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
uncontended=$("$jvpn" bench store --redis "$uri" --sessions "$sessions" --contenders 1 \
  --concurrency "$concurrency" --duration "${seconds}s" --warmup 2s | tail -1)
echo "$uncontended"
echo "   Redis (warm-up included): $(evalsha_stats)"
uncontended_usec=$(usec_per_call)
[ "$(redis-cli -p "$port" SCRIPT EXISTS "$store_sha" | tr -d '\r')" = 1 ] ||
  echo "   WARNING: $jvpn ran another reattach script than the one step 1b measured (digest $store_sha unknown)" >&2

contended_concurrency=$(( (concurrency / 3) * 3 )); [ "$contended_concurrency" -ge 3 ] || contended_concurrency=3
echo "== 2b. jvpn bench store --contenders 3 --concurrency $contended_concurrency"
redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
contended=$("$jvpn" bench store --redis "$uri" --sessions "$sessions" --contenders 3 \
  --concurrency "$contended_concurrency" --duration "${seconds}s" --warmup 2s | tail -1)
echo "$contended"
echo "   Redis (warm-up included): $(evalsha_stats)"
contended_usec=$(usec_per_call)

echo "== 3. Redisson RLock lock + unlock, $concurrency threads"
redisson=$("${java_run[@]}" io.jumpingvpn.benchmarks.RedissonLockBench "$uri" "$concurrency" "$seconds" | tail -1)
echo "$redisson"

python3 - "$baseline" "$full" "$uncontended" "$contended" "$redisson" \
  "$baseline_usec" "$full_usec" "$empty_usec" "$prologue_usec" "$uncontended_usec" "$contended_usec" <<'PY'
import json, sys
baseline, full = float(sys.argv[1]), float(sys.argv[2])
unc, con, rl = json.loads(sys.argv[3]), json.loads(sys.argv[4]), json.loads(sys.argv[5])
b_us, f_us, e_us, p_us, u_us, c_us = sys.argv[6:12]
print("== summary (usec: Redis usec_per_call of EVALSHA in that step; jvpn steps include their warm-up)")
print("| measure | per second | usec | p50 ms | p99 ms |")
print("| --- | --- | --- | --- | --- |")
print(f"| redis-benchmark EVALSHA, reattach-shaped script without checks | {baseline:,.0f} | {b_us} | | |")
print(f"| redis-benchmark EVALSHA, the store's reattach script + prologue | {full:,.0f} | {f_us} | | |")
print(f"| jvpn bench store, uncontended commits | {unc['commits_per_s']:,.0f} | {u_us} | {unc['latency_ms']['p50']} | {unc['latency_ms']['p99']} |")
print(f"| jvpn bench store, 3 contenders: winning commits | {con['commits_per_s']:,.0f} | {c_us} | {con['latency_ms']['p50']} | {con['latency_ms']['p99']} |")
print(f"| Redisson RLock lock+unlock | {rl['lock_unlock_per_s']:,.0f} | | {rl['latency_ms']['p50']} | {rl['latency_ms']['p99']} |")
print(f"prologue alone: {p_us} usec per call against {e_us} for 'return 1': adds {float(p_us) - float(e_us):.1f} usec")
print(f"uncontended / redis-benchmark, script without checks = {unc['commits_per_s'] / baseline:.2f}  (target >= 1.0)")
print(f"uncontended / redis-benchmark, the store's script    = {unc['commits_per_s'] / full:.2f}  (target >= 1.0)")
print(f"uncontended / Redisson                               = {unc['commits_per_s'] / rl['lock_unlock_per_s']:.2f}  (target >= 3.0)")
print(f"contended rounds: {con['rounds']}, rounds without exactly one winner: {con['bad_rounds']}")
PY
