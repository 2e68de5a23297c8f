#!/usr/bin/env bash
# Runs the C client's interop tests against real server processes, under valgrind (no leak, no
# invalid access, or the run fails):
#   - tibs-echo-server four times (plain TLS; requiring client certificates; two closing idle
#     connections within a second, for the idle-close checks), and
#   - tibs-registry, tibs-catalogue and tibs-policy (without --follow), when the package has them: certificates from
#     `tibsctl certs init`, a token from `tibsctl token issue`.
# The Swift products must be built first (scripts/test does that); TIBS_BIN overrides where they are.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(cd ../.. && pwd)
BIN=${TIBS_BIN:-$(cd "$ROOT" && swift build --show-bin-path)}
WORK=$(mktemp -d)
# Where the test programs are: build/ (make test) or build-asan/ (make asan-test).
C_BUILD=${TIBS_C_BUILD:-build}
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# start NAME COMMAND...: runs a server in the background and waits for its "listening on" line.
start() {
  local name=$1; shift
  "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 600); do
    if grep -q "listening on" "$WORK/$name.out" 2>/dev/null; then
      PORT=$(grep -m1 -oE "listening on [^ ]+:[0-9]+" "$WORK/$name.out" | grep -oE "[0-9]+$")
      PID=$pid
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited:" >&2; cat "$WORK/$name.err" >&2; return 1
    fi
    sleep 0.1
  done
  echo "$name did not start within 60 s" >&2
  return 1
}

make -s all

start echo "$BIN/tibs-echo-server" --dir "$WORK/echo" --port 0 --grace-seconds 1
ECHO_PORT=$PORT ECHO_PID=$PID
start mtls "$BIN/tibs-echo-server" --dir "$WORK/mtls" --port 0 --require-client-cert
MTLS_PORT=$PORT

# Idle connections: one server closes them fast (GoAway after 300 ms, the Pong waited for 200 ms),
# one sends the GoAway as fast but waits a minute for the Pong (so a call can cross the GoAway).
start idle "$BIN/tibs-echo-server" --dir "$WORK/idle" --port 0 --idle-timeout-ms 300 --goaway-ack-timeout-ms 200
IDLE_PORT=$PORT
start crossing "$BIN/tibs-echo-server" --dir "$WORK/crossing" --port 0 --idle-timeout-ms 300 --goaway-ack-timeout-ms 60000
CROSSING_PORT=$PORT

# Each echo server makes its own PKI; the mTLS and idle checks use the files of theirs.
ARGS=(--dir "$WORK/echo" --port "$ECHO_PORT" --server-pid "$ECHO_PID" --mtls-dir "$WORK/mtls" --mtls-port "$MTLS_PORT"
      --idle-dir "$WORK/idle" --idle-port "$IDLE_PORT" --crossing-dir "$WORK/crossing" --crossing-port "$CROSSING_PORT")

if [ -x "$BIN/tibs-registry" ] && [ -x "$BIN/tibsctl" ]; then
  REG="$WORK/registry"
  "$BIN/tibsctl" certs init --out "$REG" --services registry match --client integrator > /dev/null 2>&1
  "$BIN/tibsctl" token issue --issuer-key "$REG/issuer.key" --role admin --subject c-interop --ttl 1h --out "$REG/admin.token"
  "$BIN/tibsctl" token issue --issuer-key "$REG/issuer.key" --role broker --regions LV008 --subject c-broker --ttl 1h --out "$REG/broker.token"
  start registry "$BIN/tibs-registry" --port 0 --host 127.0.0.1 --data-dir "$REG/data" \
    --tls-cert "$REG/registry.pem" --tls-key "$REG/registry.key" --issuer-keys "$REG/issuer.pub" --log-level error
  ARGS+=(--registry-port "$PORT" --registry-dir "$REG")
  REGISTRY_PORT=$PORT
  if [ -x "$BIN/tibs-match" ]; then
    # The match service follows this registry with a service token; the checks call it with admin.token.
    "$BIN/tibsctl" token issue --issuer-key "$REG/issuer.key" --role service --subject tibs-match --ttl 1h --out "$REG/match-follow.token"
    start match "$BIN/tibs-match" --port 0 --host 127.0.0.1 --data-dir "$REG/match-data" \
      --tls-cert "$REG/match.pem" --tls-key "$REG/match.key" --issuer-keys "$REG/issuer.pub" --log-level error \
      --follow-registry "registry=127.0.0.1:$REGISTRY_PORT" --follow-token-file "$REG/match-follow.token" --follow-ca "$REG/ca.pem"
    ARGS+=(--match-port "$PORT" --match-dir "$REG")
  else
    echo "note: no tibs-match in $BIN: match interop checks skipped" >&2
  fi
else
  echo "note: no tibs-registry in $BIN: registry interop checks skipped" >&2
fi

if [ -x "$BIN/tibs-catalogue" ] && [ -x "$BIN/tibsctl" ]; then
  CAT="$WORK/catalogue"
  "$BIN/tibsctl" certs init --out "$CAT" --services catalogue > /dev/null 2>&1
  "$BIN/tibsctl" token issue --issuer-key "$CAT/issuer.key" --role admin --subject c-interop --ttl 1h --out "$CAT/admin.token"
  start catalogue "$BIN/tibs-catalogue" --port 0 --host 127.0.0.1 --data-dir "$CAT/data" \
    --tls-cert "$CAT/catalogue.pem" --tls-key "$CAT/catalogue.key" --issuer-keys "$CAT/issuer.pub" --log-level error
  ARGS+=(--catalogue-port "$PORT" --catalogue-dir "$CAT")
else
  echo "note: no tibs-catalogue in $BIN: catalogue interop checks skipped" >&2
fi

if [ -x "$BIN/tibs-policy" ] && [ -x "$BIN/tibsctl" ]; then
  POL="$WORK/policy"
  "$BIN/tibsctl" certs init --out "$POL" --services policy > /dev/null 2>&1
  "$BIN/tibsctl" token issue --issuer-key "$POL/issuer.key" --role admin --subject c-interop --ttl 1h --out "$POL/admin.token"
  start policy "$BIN/tibs-policy" --port 0 --host 127.0.0.1 --data-dir "$POL/data" \
    --tls-cert "$POL/policy.pem" --tls-key "$POL/policy.key" --issuer-keys "$POL/issuer.pub" --log-level error
  ARGS+=(--policy-port "$PORT" --policy-dir "$POL")
else
  echo "note: no tibs-policy in $BIN: policy interop checks skipped" >&2
fi

VALGRIND=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
          --show-leak-kinds=definite,indirect --track-fds=no)
if [ "${TIBS_NO_VALGRIND:-}" = 1 ]; then VALGRIND=(); fi

"${VALGRIND[@]}" "$C_BUILD"/interop_test "${ARGS[@]}"
if [ -n "${REGISTRY_PORT:-}" ] && [ -f generated/tibs/registry/v1/registry.pb-c.h ]; then
  echo "== the example against the registry"
  "${VALGRIND[@]}" "$C_BUILD"/registry_example --host 127.0.0.1 --port "$REGISTRY_PORT" --ca "$REG/ca.pem" \
    --token-file "$REG/admin.token" --follow-seconds 2
fi
