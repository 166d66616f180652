# shellcheck shell=bash
# Sourced by hack/cluster: the stickyip scheduler extender on top of the local control plane
# (after hack/lib/stickyip.sh has started the webhook).
#
#   - applies manifests/rbac/extender.yaml and manifests/rbac/stickyip-scheduler.yaml and
#     runs every process below as its ServiceAccount (tokens minted here), not as admin;
#   - (the per-node agent Leases the extender reads are written by the agents: hack/lib/agent.sh,
#     the stand-in agent for the KWOK nodes);
#   - issues the extender's CA and serving certificate with stickyip-certs;
#   - starts two extender replicas (HTTPS) and HAProxy in front of them (no Service networking
#     here): the scheduler's urlPrefix is HAProxy;
#   - restarts kube-scheduler with the extenders block of manifests/scheduler/
#     kube-scheduler-config.yaml (urlPrefix and caFile replaced), and starts a second
#     kube-scheduler, stickyip-scheduler, with the same block under its own profile name
#     (the dedicated-scheduler way of manifests/deploy/50-stickyip-scheduler.yaml).
#
# Uses from hack/cluster and hack/lib/stickyip.sh: STATE_DIR, CONF_DIR, LOG_DIR, REPO_DIR,
# PROC_LIST, ENV_FILE, STICKYIP_DIR, JAVA, KUBECTL, KUBE_SCHEDULER, start_proc, stop_proc,
# proc_alive, proc_pid, wait_proc, wait_for, pick_port, port_in_use, log, die, kubectl_admin,
# write_scheduler_config, start_scheduler, stickyip_sa_kubeconfig.

DEFAULT_EXTENDER_PORTS=(16611 16612)
DEFAULT_EXTENDER_LB_PORT=16610
DEFAULT_STICKYIP_SCHEDULER_PORT=16460
EXTENDER_KUBECONFIG="${CONF_DIR}/stickyip-extender.kubeconfig"
STICKYIP_SCHEDULER_KUBECONFIG="${CONF_DIR}/stickyip-scheduler.kubeconfig"
EXTENDERS_FILE="${CONF_DIR}/stickyip-extenders.yaml"
SCHEDULER_MANIFEST="${REPO_DIR}/manifests/scheduler/kube-scheduler-config.yaml"
extender_apply_rbac() {
  log "applying the extender and stickyip-scheduler RBAC (manifests/rbac/extender.yaml, stickyip-scheduler.yaml)"
  kubectl_admin apply -f "${REPO_DIR}/manifests/rbac/extender.yaml" -f "${REPO_DIR}/manifests/rbac/stickyip-scheduler.yaml" >/dev/null
  stickyip_sa_kubeconfig stickyip-extender "$EXTENDER_KUBECONFIG"
  stickyip_sa_kubeconfig stickyip-scheduler "$STICKYIP_SCHEDULER_KUBECONFIG"
}

extender_certs() {
  log "issuing the extender CA and serving certificate (stickyip-certs)"
  "$JAVA" -jar "${STICKYIP_DIR}/bin/stickyip-certs.jar" generate --dir "${STICKYIP_DIR}/extender-tls" --ip 127.0.0.1 \
    --dns localhost,stickyip-extender,stickyip-extender.stickyip-system,stickyip-extender.stickyip-system.svc \
    >"${LOG_DIR}/stickyip-extender-certs.log" 2>&1 || die "certificate generation failed, see ${LOG_DIR}/stickyip-extender-certs.log"
}

extender_port() {
  local var="STICKYIP_EXTENDER_PORT_$1"
  echo "${!var}"
}

# extender_start N [nowait]: replica N (1 or 2) on its port, as ServiceAccount stickyip-extender (nowait: the caller
# waits with extender_wait N).
extender_start() {
  local n="$1" port i
  port="$(extender_port "$n")"
  for ((i = 0; i < 100; i++)); do port_in_use "$port" || break; sleep 0.2; done
  port_in_use "$port" && die "port ${port} of stickyip-extender-${n} is still in use by another process"
  # STICKYIP_EXTENDER_JAVA_OPTS: a list of JVM options, split into words on purpose (as agent.sh's)
  # shellcheck disable=SC2086
  start_proc "stickyip-extender-${n}" "$port" /usr/bin/env \
    STICKYIP_HOST=127.0.0.1 STICKYIP_PORT="$port" \
    STICKYIP_CERT_DIR="${STICKYIP_DIR}/extender-tls" \
    STICKYIP_AGENT_LEASE_NAMESPACE=stickyip-system \
    KUBECONFIG="$EXTENDER_KUBECONFIG" \
    "$JAVA" ${STICKYIP_EXTENDER_JAVA_OPTS:--Xmx256m -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC} -jar "${STICKYIP_DIR}/bin/stickyip-extender.jar"
  [[ "${2:-}" == nowait ]] || extender_wait "$n"
}

extender_wait() {
  local n="$1" port
  port="$(extender_port "$n")"
  wait_proc "stickyip-extender-${n}" "stickyip-extender-${n} ready" curl -fsSk "https://127.0.0.1:${port}/readyz"
}

extender_lb_start() {
  cat >"${CONF_DIR}/stickyip-extender-lb.cfg" <<CFG
global
  maxconn 2048
defaults
  mode tcp
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  retries 3
  option redispatch
frontend stickyip-extender
  bind 127.0.0.1:${STICKYIP_EXTENDER_LB_PORT}
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk
  http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host localhost
  http-check expect status 200
  server replica-1 127.0.0.1:${STICKYIP_EXTENDER_PORT_1} check check-ssl verify none inter 500ms fall 1 rise 2
  server replica-2 127.0.0.1:${STICKYIP_EXTENDER_PORT_2} check check-ssl verify none inter 500ms fall 1 rise 2
CFG
  start_proc stickyip-extender-lb "$STICKYIP_EXTENDER_LB_PORT" "$(command -v haproxy)" -db -f "${CONF_DIR}/stickyip-extender-lb.cfg"
  wait_for "stickyip extender behind HAProxy" curl -fsSk "https://127.0.0.1:${STICKYIP_EXTENDER_LB_PORT}/readyz" ||
    die "HAProxy does not reach the extender, see ${LOG_DIR}/stickyip-extender-lb.log"
}

# The 'extenders:' block of manifests/scheduler/kube-scheduler-config.yaml, pointed at the
# local HAProxy and CA.
extender_scheduler_block() {
  sed -n '/^extenders:/,$p' "$SCHEDULER_MANIFEST" |
    sed -e "s#^\(\s*- urlPrefix:\).*#\1 https://127.0.0.1:${STICKYIP_EXTENDER_LB_PORT}#" \
      -e "s#^\(\s*caFile:\).*#\1 ${STICKYIP_DIR}/extender-tls/ca.crt#"
}

# restart_kube_scheduler: the cluster's kube-scheduler again, with the current
# STICKYIP_SCHEDULER_EXTENDERS (write_scheduler_config reads it).
restart_kube_scheduler() {
  stop_proc kube-scheduler
  sed -i '/^kube-scheduler /d' "$PROC_LIST"
  start_scheduler
  wait_proc kube-scheduler "kube-scheduler /healthz" curl -fsSk "https://127.0.0.1:${STICKYIP_SCHEDULER_PORT}/healthz"
}

# extender_scheduler on|off: the cluster's scheduler with or without the extender (the
# benchmark compares both on one cluster).
extender_scheduler() {
  case "$1" in
    on)
      extender_scheduler_block >"$EXTENDERS_FILE"
      export STICKYIP_SCHEDULER_EXTENDERS="$EXTENDERS_FILE"
      log "kube-scheduler: with the stickyip extender (${EXTENDERS_FILE})"
      ;;
    off)
      export STICKYIP_SCHEDULER_EXTENDERS=""
      log "kube-scheduler: without extender"
      ;;
    *) die "usage: extender_scheduler on|off" ;;
  esac
  restart_kube_scheduler
}

# The dedicated scheduler: the same kube-scheduler binary, profile stickyip-scheduler, the same
# extenders block, leader election on Lease stickyip-system/stickyip-scheduler, as
# ServiceAccount stickyip-scheduler.
stickyip_scheduler_start() {
  local file="${CONF_DIR}/stickyip-scheduler.yaml"
  {
    cat <<EOF
# Generated by hack/lib/extender.sh: the dedicated scheduler (manifests/deploy/50-stickyip-scheduler.yaml).
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: ${STICKYIP_SCHEDULER_KUBECONFIG}
leaderElection:
  leaderElect: true
  resourceNamespace: stickyip-system
  resourceName: stickyip-scheduler
profiles:
- schedulerName: stickyip-scheduler
EOF
    extender_scheduler_block
  } >"$file"
  start_proc stickyip-scheduler "$STICKYIP_STICKYIP_SCHEDULER_PORT" "$KUBE_SCHEDULER" \
    --config="$file" \
    --authentication-kubeconfig="$STICKYIP_SCHEDULER_KUBECONFIG" \
    --authorization-kubeconfig="$STICKYIP_SCHEDULER_KUBECONFIG" \
    --bind-address=127.0.0.1 \
    --secure-port="$STICKYIP_STICKYIP_SCHEDULER_PORT" \
    --cert-dir="${STATE_DIR}/stickyip-scheduler" \
    --profiling=false \
    --v=1
  wait_proc stickyip-scheduler "stickyip-scheduler /healthz" curl -fsSk "https://127.0.0.1:${STICKYIP_STICKYIP_SCHEDULER_PORT}/healthz"
}

extender_write_env() {
  cat >>"$ENV_FILE" <<ENV
export STICKYIP_EXTENDER_URL=https://127.0.0.1:${STICKYIP_EXTENDER_LB_PORT}
export STICKYIP_EXTENDER_LB_PORT=${STICKYIP_EXTENDER_LB_PORT}
export STICKYIP_EXTENDER_PORT_1=${STICKYIP_EXTENDER_PORT_1}
export STICKYIP_EXTENDER_PORT_2=${STICKYIP_EXTENDER_PORT_2}
export STICKYIP_EXTENDER_CA=${STICKYIP_DIR}/extender-tls/ca.crt
export STICKYIP_STICKYIP_SCHEDULER_PORT=${STICKYIP_STICKYIP_SCHEDULER_PORT}
ENV
}

# The whole extender part of 'hack/cluster up' (after stickyip_up: jars built, JAVA set).
stickyip_extender_up() {
  pick_port STICKYIP_EXTENDER_PORT_1 "${DEFAULT_EXTENDER_PORTS[0]}"
  pick_port STICKYIP_EXTENDER_PORT_2 "${DEFAULT_EXTENDER_PORTS[1]}"
  pick_port STICKYIP_EXTENDER_LB_PORT "$DEFAULT_EXTENDER_LB_PORT"
  pick_port STICKYIP_STICKYIP_SCHEDULER_PORT "$DEFAULT_STICKYIP_SCHEDULER_PORT"
  extender_apply_rbac
  extender_certs
  extender_start 1 nowait
  extender_start 2 nowait
  extender_wait 1
  extender_wait 2
  extender_lb_start
  extender_scheduler on
  stickyip_scheduler_start
  extender_write_env
}

# 'hack/cluster extender stop|start|kill N' and 'hack/cluster extender scheduler on|off'.
stickyip_extender_cmd() {
  local action="${1:-}" arg="${2:-}"
  # shellcheck disable=SC1090
  source "$ENV_FILE"
  case "$action" in
    stop | kill | start) [[ "$arg" == 1 || "$arg" == 2 ]] || die "usage: hack/cluster extender stop|start|kill 1|2" ;;
    scheduler) [[ "$arg" == on || "$arg" == off || "$arg" == stop ]] || die "usage: hack/cluster extender scheduler on|off|stop" ;;
    *) die "usage: hack/cluster extender stop|start|kill 1|2 | scheduler on|off|stop" ;;
  esac
  case "$action" in
    stop) stop_proc "stickyip-extender-${arg}" ;;
    kill) kill -9 "$(proc_pid "stickyip-extender-${arg}")" 2>/dev/null || true ;;
    start)
      JAVA="$(stickyip_java)"
      proc_alive "stickyip-extender-${arg}" && { log "stickyip-extender-${arg} already runs"; return 0; }
      sed -i "/^stickyip-extender-${arg} /d" "$PROC_LIST"
      extender_start "$arg"
      ;;
    scheduler)
      if [[ "$arg" == stop ]]; then
        stop_proc kube-scheduler
        return 0
      fi
      ensure_binaries >/dev/null 2>&1
      extender_scheduler "$arg"
      ;;
  esac
}
