#!/usr/bin/env bash
# The cluster benchmarks of issue 4, all on one redis-server in one run (docs/benchmarks.md, section Cluster):
#   1. ./jvpn bench cluster-reattach: jvpn bench store (uncontended, 3 contenders), then the same load through three
#      gateway nodes (at the owner, at the next node, raced at 3 nodes), ratios gateway/store;
#   2. ./jvpn bench idle-load: 10,000 idle sessions on three nodes, Redis commands per node and second, with the default
#      node lease (5 s) and with 2 s;
#   3. ./jvpn bench node-failure: three jvpn gateway processes, 1,000 agents on one of them, that node killed (SIGKILL)
#      and silenced (SIGSTOP), NODE_LEASE_MS 2000, heartbeats 500 ms / dead after 2 s (the defaults) and 200 ms / 1 s;
#      each FAILURE_RUNS times (default 3), kill and silence alternating.
# Usage: benchmarks/cluster-benchmarks.sh [OUT_DIR]    (default: a new directory under /tmp)
# JVPN=<launcher> runs another launcher than ./jvpn (for example one that runs an already built jar as it is, while
# sources change around it). Each benchmark's JSON report is written to OUT_DIR and its progress to OUT_DIR/NAME.log;
# a benchmark that fails is reported and the others still run; a summary is printed at the end. Exit code 1 when any
# benchmark failed. Starts its own redis-server on a free loopback port and stops it by PID when done.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d /tmp/jvpn-cluster-bench.XXXXXX)}
jvpn=${JVPN:-$root/jvpn}
failure_runs=${FAILURE_RUNS:-3}
mkdir -p "$out"

[[ $failure_runs =~ ^[1-9][0-9]?$ ]] || { echo "FAILURE_RUNS must be 1..99, got $failure_runs" >&2; exit 2; }

. "$root/benchmarks/redis-server.sh"
echo "== redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on $uri, pid $redis_pid; $(nproc) cores;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg); reports in $out"
echo "== launcher $jvpn; sources at $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')" \
  "(JVPN may run another build)"

failed=0
run() { # NAME ARGS...: one benchmark, its JSON in $out/NAME.json, its progress in $out/NAME.log, load before and after
  local name=$1; shift
  local rc=0
  echo "== $name: jvpn bench $* (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$jvpn" bench "$@" --redis "$uri" --json "$out/$name.json" >/dev/null 2>"$out/$name.log" || rc=$?
  if [ "$rc" -ne 0 ]; then
    failed=1
    echo "   FAILED with exit code $rc (load $(cut -d' ' -f1-3 /proc/loadavg)); last lines of $out/$name.log:"
    tail -n 3 "$out/$name.log" | sed 's/^/     /'
  else
    echo "   done (load $(cut -d' ' -f1-3 /proc/loadavg))"
  fi
}

run cluster-reattach cluster-reattach --sessions 2000 --concurrency 16 --contenders 3 --duration 10s --warmup 2s
run idle-5s idle-load --sessions 10000 --node-lease 5s --window 60s
run idle-2s idle-load --sessions 10000 --node-lease 2s --window 60s
for i in $(seq 1 "$failure_runs"); do
  run "kill-500ms-$i" node-failure --sessions 1000 --fault kill --node-lease 2s --heartbeat 500ms --dead 2s
  run "silence-500ms-$i" node-failure --sessions 1000 --fault silence --node-lease 2s --heartbeat 500ms --dead 2s
done
for i in $(seq 1 "$failure_runs"); do
  run "kill-200ms-$i" node-failure --sessions 1000 --fault kill --node-lease 2s --heartbeat 200ms --dead 1s
  run "silence-200ms-$i" node-failure --sessions 1000 --fault silence --node-lease 2s --heartbeat 200ms --dead 1s
done

python3 - "$out" "$failure_runs" <<'PY'
import json, pathlib, sys
out, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])

def load(name):
    path = out / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None

print("== summary")
r = load("cluster-reattach")
if r is None:
    print("cluster-reattach: no report")
else:
    print("| path | commits/s | p50 ms | p99 ms | refused | ratio to store |")
    print("| --- | --- | --- | --- | --- | --- |")
    for key, label in [("store_uncontended", "store only, uncontended"), ("store_contended", "store only, 3 contenders")]:
        p = r[key]
        print(f"| {label} | {p['commits_per_s']:,.0f} | {p['latency_ms']['p50']} | {p['latency_ms']['p99']}"
              f" | {p['conflicts']} conflicts | |")
    for key, ratio in [("gateway_owner", "ratio_owner_to_store"), ("gateway_next_node", "ratio_next_node_to_store"),
                       ("gateway_race", "ratio_race_to_store_contended")]:
        p = r[key]
        print(f"| nodes, {p['placement']} | {p['commits_per_s']:,.0f} | {p['latency_ms']['p50']}"
              f" | {p['latency_ms']['p99']} | {sum(p['rejected'].values())} | {r[ratio]} |")
    print(f"races without exactly one winner: {r['bad_rounds']}")
for name in ["idle-5s", "idle-2s"]:
    i = load(name)
    if i is None:
        print(f"{name}: no report")
        continue
    print(f"{name}: {i['sessions']} sessions, lease {i['node_lease_ms']} ms: {i['script_calls_per_node_per_s']} script"
          f" calls and {i['data_writes_per_node_per_s']} data writes per node and second; expected"
          f" {i['expected_renewals_per_node_per_s']}; lost sessions {i['stale_sessions'] + i['terminated_sessions']}")
for config in ["kill-500ms", "silence-500ms", "kill-200ms", "silence-200ms"]:
    for n in range(1, runs + 1):
        name = f"{config}-{n}"
        f = load(name)
        if f is None:
            print(f"{name}: no report")
            continue
        print(f"{name}: detected p50 {f['detected']['p50_ms']} ms; attached elsewhere 99% {f['attached']['pct99_of_all_ms']}"
              f" ms, 100% {f['attached']['all_ms']} ms; traffic 99% {f['flowing']['pct99_of_all_ms']} ms,"
              f" 100% {f['flowing']['all_ms']} ms; lease left at the failure {f['failed_lease_left_ms']} ms;"
              f" switched back {f['switched_back']}, away {f['away_at_failure']}; terminated {f['terminated']}")
PY
exit "$failed"
