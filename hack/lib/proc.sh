# shellcheck shell=bash
# hack/lib/proc.sh -- ports, waits and long-running processes of hack/cluster.
# Uses: TIMEOUT, LOG_DIR, PID_DIR, PROC_LIST (see hack/cluster), log/die (common.sh).

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port VAR DEFAULT: export VAR = $VAR if set (must be free), else the
# first free port from DEFAULT upwards.
pick_port() {
  local var="$1" default="$2" p
  if [[ -n "${!var:-}" ]]; then
    p="${!var}"
    port_in_use "$p" && die "port ${p} (${var}) is already in use on 127.0.0.1"
  else
    p="$default"
    while port_in_use "$p" || [[ " ${PICKED_PORTS:-} " == *" ${p} "* ]]; do
      p=$((p + 1))
    done
    [[ "$p" == "$default" ]] || log "port ${default} is busy, using ${p} for ${var}"
  fi
  PICKED_PORTS="${PICKED_PORTS:-} ${p}"
  printf -v "$var" '%s' "$p"
  export "${var?}"
}

# wait_for DESCRIPTION COMMAND...: retry COMMAND until it succeeds or TIMEOUT.
wait_for() {
  local what="$1" start=$SECONDS
  shift
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS - start >= TIMEOUT)); then
      log "timed out after ${TIMEOUT}s waiting for ${what}"
      return 1
    fi
    sleep 0.5
  done
  log "  ${what}: ok ($((SECONDS - start))s)"
}


# ---------------------------------------------------------------- processes
# start_proc NAME PORT BINARY ARGS...: start a long-running process in its own
# session (it survives this script, Ctrl-C of the caller does not reach it),
# stdout+stderr to logs/NAME.log, pid in pids/NAME.pid. 'down' stops the
# processes in reverse start order. PORT is informational ('-' if none).
start_proc() {
  local name="$1" port="$2" bin="$3"
  shift 3
  [[ -x "$bin" ]] || die "${name}: ${bin} is not executable"
  log "starting ${name}${port:+ (port ${port})}, log: ${LOG_DIR}/${name}.log"
  printf '%q ' "$bin" "$@" >"${LOG_DIR}/${name}.cmdline"
  # Inherited descriptors other than 0-2 are closed first: a lock held by whoever ran 'up'
  # (flock /tmp/stickyip-cluster.lock hack/cluster up) must not be held for as long as the
  # cluster runs. bash execs the program, so the pid stays the same.
  # $$ and "$@" are the inner bash's (its own pid, the program to exec), not this shell's
  # shellcheck disable=SC2016
  setsid bash -c 'for fd in /proc/$$/fd/*; do fd="${fd##*/}"; ((fd > 2)) && eval "exec ${fd}>&-"; done; exec "$@"' \
    "$name" "$bin" "$@" </dev/null >"${LOG_DIR}/${name}.log" 2>&1 &
  echo $! >"${PID_DIR}/${name}.pid"
  proc_starttime $! >"${PID_DIR}/${name}.start" || true
  echo "${name} ${port}" >>"$PROC_LIST"
}

# The kernel's start time of a pid (clock ticks since boot, /proc/PID/stat field 22): the
# same through every exec of the process, different for a later process with a reused pid.
proc_starttime() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }" # after the command name, which may hold spaces
  awk '{ print $20 }' <<<"$stat"
}

proc_pid() { cat "${PID_DIR}/$1.pid" 2>/dev/null || true; }

# The pid exists and is not a zombie (an exited process whose parent, often
# init after 'up' returned, has not reaped it yet still answers kill -0).
pid_running() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# Alive and still the process we started (guards against pid reuse): same start time, or
# (state written before start times were recorded) its program named in its .cmdline.
proc_alive() {
  local pid
  pid="$(proc_pid "$1")"
  [[ -n "$pid" ]] && pid_running "$pid" || return 1
  if [[ -s "${PID_DIR}/$1.start" ]]; then
    [[ "$(proc_starttime "$pid")" == "$(cat "${PID_DIR}/$1.start")" ]]
    return
  fi
  [[ -f "${LOG_DIR}/$1.cmdline" ]] || return 0
  local exe
  exe="$(tr '\0' '\n' <"/proc/${pid}/cmdline" 2>/dev/null | head -n 1 || true)"
  [[ -n "$exe" && "$(head -c 4096 "${LOG_DIR}/$1.cmdline")" == *"$exe"* ]]
}

stop_proc() {
  local name="$1" pid i
  pid="$(proc_pid "$name")"
  if [[ -z "$pid" ]] || ! proc_alive "$name"; then
    log "  ${name}: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    pid_running "$pid" || break
    sleep 0.1
  done
  if pid_running "$pid"; then
    log "  ${name} (pid ${pid}) ignored SIGTERM for 10s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  log "  ${name} (pid ${pid}) stopped"
}

# Exit with the tail of the log if NAME died during startup.
check_alive() {
  proc_alive "$1" && return 0
  log "$1 exited; last lines of ${LOG_DIR}/$1.log:"
  tail -n 25 "${LOG_DIR}/$1.log" >&2 || true
  die "$1 failed to start"
}

wait_proc() {
  local name="$1" what="$2"
  shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    check_alive "$name"
    if ((SECONDS - start >= TIMEOUT)); then
      tail -n 25 "${LOG_DIR}/${name}.log" >&2 || true
      die "timed out after ${TIMEOUT}s waiting for ${what}"
    fi
    sleep 0.5
  done
  log "  ${what}: ok ($((SECONDS - start))s)"
}

any_alive() {
  local name _port
  [[ -f "$PROC_LIST" ]] || return 1
  while read -r name _port; do
    proc_alive "$name" && return 0
  done <"$PROC_LIST"
  return 1
}


# Stop every process of this state dir, in reverse start order.
stop_all() {
  log "stopping processes (reverse start order)"
  local names=() name _port i f
  if [[ -f "$PROC_LIST" ]]; then
    while read -r name _port; do names+=("$name"); done <"$PROC_LIST"
    for ((i = ${#names[@]} - 1; i >= 0; i--)); do stop_proc "${names[i]}"; done
  fi
  # Any pid file not in the list (e.g. a crash between writing the two).
  for f in "$PID_DIR"/*.pid; do
    [[ -e "$f" ]] || continue
    name="$(basename "$f" .pid)"
    if proc_alive "$name"; then stop_proc "$name"; fi
  done
}

# The process table of 'status'; returns 1 if one of them is not running.
print_proc_table() {
  local name port pid up=0 total=0
  printf '%-26s %-8s %-7s %s\n' PROCESS PID PORT STATE
  while read -r name port; do
    pid="$(proc_pid "$name")"
    total=$((total + 1))
    if proc_alive "$name"; then
      up=$((up + 1))
      printf '%-26s %-8s %-7s %s\n' "$name" "$pid" "$port" running
    else
      printf '%-26s %-8s %-7s %s\n' "$name" "${pid:--}" "$port" "NOT RUNNING (log: ${LOG_DIR}/${name}.log)"
    fi
  done <"$PROC_LIST"
  ((up == total))
}
