# Sourced by the benchmark scripts: starts a throwaway redis-server (no persistence) on a free loopback port, waits
# until it answers, and stops it by PID (and removes its directory) when the script exits. Sets port, uri, redis_pid.
command -v redis-server >/dev/null || { echo "needs redis-server (sudo apt-get install -y redis-server)" >&2; exit 2; }
redis_dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" \
  --logfile "$redis_dir/redis.log" &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$redis_dir"' EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$port" ping >/dev/null 2>&1 || { echo "redis-server on port $port did not answer" >&2; exit 2; }
uri="redis://127.0.0.1:$port"
