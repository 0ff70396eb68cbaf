#!/usr/bin/env bash
# R30 load run: N customers (default 50) connect at once through a real sshd on
# 127.0.0.1, each logging in with its own key, opening every screen and buying a proxy
# user; then checks the store (no errors, no lost update, every charge with its order)
# and prints key-to-frame p50/p99 per session beside one session alone.
# Needs root (a system user, sshd), openssh-server, tmux, sqlite3, python3, and the
# release binary:  swift build -c release --static-swift-stdlib --product proxydash --scratch-path .build-release
#   sudo bash Benchmarks/ssh-load.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-50}"
BIN_SRC="${PROXYDASH_BINARY:-$PWD/.build-release/release/proxydash}"
ROOT="/opt/proxydash-load-$$"
USER_NAME="pdload$$"
SOCKET="pdload-$$"
PORT=$(( 40000 + $$ % 20000 ))
SSHD_PID=""

cleanup() {
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null && wait "$SSHD_PID" 2>/dev/null || true
  userdel "$USER_NAME" 2>/dev/null || true
  rm -rf "$ROOT"
}
trap cleanup EXIT

install -d -m 755 "$ROOT" "$ROOT/bin" "$ROOT/keys"
install -m 755 "$BIN_SRC" "$ROOT/bin/proxydash"
BIN="$ROOT/bin/proxydash"
HOME_DIR="$ROOT/home"
STORE="$HOME_DIR/store"
mkdir -p "$HOME_DIR"

# N customers: copies of the demo's ava (Regular plan, Visa) as load01…loadNN.
cp -r demo-data "$ROOT/demo-data"
python3 - "$ROOT/demo-data/personas.json" "$N" <<'PY'
import json, sys, copy
path, n = sys.argv[1], int(sys.argv[2])
data = json.load(open(path))
ava = next(p for p in data["personas"] if p["email"] == "ava@example.com")
people = []
for i in range(1, n + 1):
    p = copy.deepcopy(ava)
    p["email"] = f"load{i:02d}@example.com"
    p["name"] = f"Load Customer {i}"
    people.append(p)
data["personas"] = people
json.dump(data, open(path, "w"))
PY
echo "Building a store with $N customers…"
"$BIN" init "$STORE" --from "$ROOT/demo-data" >/dev/null
for i in $(seq -f %02g 1 "$N"); do
  ssh-keygen -q -t ed25519 -N '' -C "load$i" -f "$ROOT/keys/load$i"
  "$BIN" ssh add-key "load$i@example.com" "$ROOT/keys/load$i.pub" --data "$STORE" >/dev/null
done
useradd --system --no-create-home --home-dir "$HOME_DIR" --shell /bin/sh -p '*' "$USER_NAME"
chown -R "$USER_NAME" "$HOME_DIR" && chmod 700 "$HOME_DIR"
ssh-keygen -q -t ed25519 -N '' -f "$ROOT/host_key"
FRAMES="$HOME_DIR/frames.log"
{
  "$BIN" ssh sshd-config --data "$STORE" --user "$USER_NAME" --port "$PORT" --listen 127.0.0.1 --host-key "$ROOT/host_key"
  echo "SetEnv PROXYDASH_BENCH_FRAME_LOG=$FRAMES"
  echo "MaxStartups 200"
} > "$ROOT/sshd_config"
mkdir -p /run/sshd
/usr/sbin/sshd -t -f "$ROOT/sshd_config"
/usr/sbin/sshd -D -e -f "$ROOT/sshd_config" 2>"$ROOT/sshd.log" &
SSHD_PID=$!
for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

SSH="ssh -tt -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR -p $PORT"
wait_for() {  # session text [seconds]
  local deadline=$(( SECONDS + ${3:-60} ))
  until tmux -L "$SOCKET" capture-pane -p -t "$1" | grep -qF -- "$2"; do
    [ "$SECONDS" -ge "$deadline" ] && { echo "session $1: no \"$2\"" >&2; return 1; }
    sleep 0.05
  done
}
drive() {  # one customer's whole visit; prints ok or the failure
  local s="$1" i="$2"
  wait_for "$s" "load$i@example.com" || { tmux -L "$SOCKET" capture-pane -p -t "$s" | grep -v '^$' >&2; return 1; }
  for screen in 1 2 3 4 5; do tmux -L "$SOCKET" send-keys -t "$s" "$screen"; sleep 0.2; done
  wait_for "$s" "Notifications" || return 1
  tmux -L "$SOCKET" send-keys -t "$s" 3 b
  wait_for "$s" "How many proxy users to add" || return 1
  tmux -L "$SOCKET" send-keys -t "$s" -l 1
  wait_for "$s" "1 additional proxy user" || return 1
  tmux -L "$SOCKET" send-keys -t "$s" Tab Enter
  wait_for "$s" "Paid \$" 120 || { tmux -L "$SOCKET" capture-pane -p -t "$s" >&2; return 1; }
  tmux -L "$SOCKET" send-keys -t "$s" Enter
}
run_sessions() {  # count: sessions 1…count at once; returns the number that failed
  local count="$1" failed=0 pids=()
  printf 'set -g remain-on-exit on\nset -g status off\n' > "$ROOT/tmux.conf"
  for i in $(seq -f %02g 1 "$count"); do
    tmux -L "$SOCKET" -f "$ROOT/tmux.conf" new-session -d -s "s$i" -x 100 -y 30 \
      "env TERM=tmux-256color $SSH -i $ROOT/keys/load$i $USER_NAME@127.0.0.1"
  done
  for i in $(seq -f %02g 1 "$count"); do drive "s$i" "$i" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  sleep 1
  return "$failed"
}
percentiles() {  # frames file → "p50 p99 worst-session-p99" in ms
  python3 - "$1" <<'PY'
import sys, collections
per = collections.defaultdict(list)
for line in open(sys.argv[1]):
    _, pid, ns = line.split()
    per[pid].append(int(ns) / 1e6)
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, max(0, int(len(v) * p + 0.999999) - 1))]
every = [x for v in per.values() for x in v]
p99s = [pct(v, 0.99) for v in per.values()]
print(f"{len(per)} sessions, {len(every)} keys: p50 {pct(every, .5):.2f} ms, p99 {pct(every, .99):.2f} ms, per-session p99 median {pct(p99s, .5):.2f} ms, worst {max(p99s):.2f} ms")
PY
}

echo "One session alone…"
failed=0; run_sessions 1 || failed=$?
[ "$failed" -eq 0 ] || { echo "the single session failed"; exit 1; }
echo "  key→frame: $(percentiles "$FRAMES")"
mv "$FRAMES" "$FRAMES.single"

echo "$N sessions at once…"
started=$SECONDS
failed=0; run_sessions "$N" || failed=$?
echo "  done in $((SECONDS - started)) s, $failed sessions failed"
echo "  key→frame: $(percentiles "$FRAMES")"

DB="$STORE/proxydash.sqlite"
read -r bought missing open <<<"$(sqlite3 -readonly "$DB" "SELECT
  (SELECT COUNT(*) FROM charges WHERE status = 'approved' AND purpose_json LIKE '%proxyUsers%'),
  (SELECT COUNT(*) FROM charges WHERE status = 'approved' AND (order_id IS NULL OR order_id NOT IN (SELECT id FROM orders))),
  (SELECT COUNT(*) FROM charges WHERE status IN ('intent', 'refunding'))" | tr '|' ' ')"
integrity=$(sqlite3 -readonly "$DB" "PRAGMA integrity_check")
echo "  proxy-user charges: $bought (expected $((N + 1))), approved charges without their order: $missing, left open: $open, integrity: $integrity"
if [ "$failed" -eq 0 ] && [ "$bought" -eq $((N + 1)) ] && [ "$missing" -eq 0 ] && [ "$open" -eq 0 ] && [ "$integrity" = ok ]; then
  echo "ok"
else
  echo "FAILED"
  exit 1
fi
