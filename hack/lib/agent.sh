# shellcheck shell=bash
# Sourced by hack/cluster: the stickyip node agent on top of the local cluster (after
# hack/lib/stickyip.sh and hack/lib/extender.sh; docs/agent.md).
#
#   - applies manifests/rbac/agent.yaml (ServiceAccount stickyip-node/stickyip-agent) and
#     agent-stand-in.yaml, and runs every agent as its ServiceAccount (tokens minted here);
#   - one agent per real node, as a process inside the node's network and mount namespaces and
#     cgroup (hack/lib/node-enter.sh), its CRI socket and /run/netns the node's own, reaching
#     the API server at the LAN address; it plumbs the fixed addresses of the node's pods;
#   - one stand-in agent for every KWOK node (label type=kwok): their agent Leases, and
#     stickyip.io/ip-ready once a managed pod is bound; test support from agent-testing
#     (stickyip-agent-testing.jar, its manifest naming stickyip-agent.jar as class path), not the agent;
#   - with STICKYIP_AGENT_CRASH_AFTER_STEPS set, a real node's agent is agent-testing's CrashingAgent:
#     the same agent, halted as kill -9 would after its k-th step (AgentCrashE2EIT);
#   - with real nodes, a client namespace on the LAN (holder lan-client, address LAN+14) with
#     the echo server on port 8080, for tests: the addresses LAN+10..LAN+13 are free for fixed
#     addresses on the LAN, the client's address serves as their gateway (it routes nowhere).
#
# Uses from hack/cluster and the other hack/lib files: STATE_DIR, CONF_DIR, LOG_DIR, REPO_DIR,
# PROC_LIST, ENV_FILE, STICKYIP_DIR, JAVA, KUBECTL, RN_* (real-nodes.sh), start_proc, stop_proc,
# proc_alive, proc_pid, wait_proc, pick_port, log, die, kubectl_admin, node_name, node_ip,
# node_cgroup, lan_addr, in_netns.

AGENT_PORT=8090 # inside each node's own network namespace
DEFAULT_AGENT_STANDIN_PORT=16620
AGENT_STANDIN_KUBECONFIG="${CONF_DIR}/stickyip-agent-stand-in.kubeconfig"
# JVM sizing of every agent (BENCHMARKS.md: RSS); override with STICKYIP_AGENT_JAVA_OPTS.
AGENT_JAVA_OPTS="${STICKYIP_AGENT_JAVA_OPTS:--Xms16m -Xmx64m -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=160m -Xss512k -XX:MaxDirectMemorySize=32m}"
# Passed through from the caller's environment to the agents when set (tests shorten the fence).
AGENT_PASS_ENV=(STICKYIP_FENCE_LEASE STICKYIP_FENCE_SAFETY STICKYIP_FENCE_MARGIN STICKYIP_HEARTBEAT_INTERVAL
  STICKYIP_RESYNC_INTERVAL STICKYIP_SWEEP_INTERVAL STICKYIP_AGENT_CRASH_AFTER_STEPS STICKYIP_AGENT_CRASH_STEPS_MATCHING
  STICKYIP_LOG_FORMAT
  STICKYIP_CLUSTER_NAME STICKYIP_AWS_REGION STICKYIP_AWS_ENDPOINT STICKYIP_AWS_CALL_TIMEOUT STICKYIP_AWS_ATTEMPT_TIMEOUT
  STICKYIP_AWS_MUTATIONS_PER_SECOND STICKYIP_AWS_READBACK_TIMEOUT STICKYIP_AWS_VERIFY_PRIVATE_IP
  AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY)
LAN_CLIENT_INDEX=14
LAN_FIXED_FIRST=10
LAN_FIXED_LAST=13

agent_apply_rbac() {
  log "applying the agent RBAC (manifests/rbac/agent.yaml, agent-stand-in.yaml)"
  kubectl_admin apply -f "${REPO_DIR}/manifests/rbac/agent.yaml" -f "${REPO_DIR}/manifests/rbac/agent-stand-in.yaml" >/dev/null
}

# agent_kubeconfig NAMESPACE SA SERVER FILE [NODE]: a kubeconfig for the ServiceAccount (token 24 h),
# bound to Node NODE when given: the token then carries the node's name, by which the policy
# stickyip-agent-own-node (manifests/deploy/35-policies.yaml) keeps the agent to its own node, as a
# DaemonSet pod's projected token would.
agent_kubeconfig() {
  local ns="$1" sa="$2" server="$3" file="$4" node="${5:-}" ca token bound=()
  [[ -z "$node" ]] || bound=(--bound-object-kind Node --bound-object-name "$node")
  ca="$(kubectl_admin config view --raw --minify -o 'jsonpath={.clusters[0].cluster.certificate-authority-data}')"
  token="$(kubectl_admin create token "$sa" -n "$ns" --duration=24h "${bound[@]}")" || die "could not mint a token for ServiceAccount ${ns}/${sa}"
  (
    umask 077
    cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: stickyip-local
  cluster: {server: ${server}, certificate-authority-data: ${ca}}
users:
- name: ${sa}
  user: {token: ${token}}
contexts:
- name: ${sa}
  context: {cluster: stickyip-local, namespace: ${ns}, user: ${sa}}
current-context: ${sa}
EOF
  )
}

# The caller's settings from AGENT_PASS_ENV, as env arguments.
agent_pass_env() {
  local v
  for v in "${AGENT_PASS_ENV[@]}"; do
    [[ -n "${!v:-}" ]] && printf '%s\n' "${v}=${!v}"
  done
  return 0
}

# agent_start I: the agent of real node I, inside the node; with STICKYIP_AGENT_CRASH_AFTER_STEPS set,
# agent-testing's CrashingAgent (the agent with a step counter that halts it; test support only).
agent_start() {
  local i="$1" name kubeconfig extra=() run=(-jar "${STICKYIP_DIR}/bin/stickyip-agent.jar")
  name="$(node_name "$i")"
  kubeconfig="${CONF_DIR}/stickyip-agent-${name}.kubeconfig"
  [[ -f "$kubeconfig" ]] || agent_kubeconfig stickyip-node stickyip-agent "$STICKYIP_LAN_APISERVER_URL" "$kubeconfig" "$name"
  mapfile -t extra < <(agent_pass_env)
  [[ -z "${STICKYIP_AGENT_CRASH_AFTER_STEPS:-}" ]] ||
    run=(-cp "${STICKYIP_DIR}/bin/stickyip-agent-testing.jar" io.stickyip.agent.crash.CrashingAgent)
  # shellcheck disable=SC2086
  start_proc "stickyip-agent-${name}" "$AGENT_PORT" "$RN_ENTER" exec "$(node_cgroup "$i")" "$(proc_pid "$name")" -- \
    /usr/bin/env STICKYIP_NODE_NAME="$name" POD_NAME="stickyip-agent-${name}" KUBECONFIG="$kubeconfig" \
    STICKYIP_CRI_SOCKET=unix:///run/containerd/containerd.sock STICKYIP_LAN_INTERFACE=eth0 \
    STICKYIP_POD_CIDRS="${RN_POD_CIDR},${POD_CIDR}" STICKYIP_SERVICE_CIDRS="$SERVICE_CIDR" \
    STICKYIP_SEAL_PUBLIC_KEYS="${STICKYIP_DIR}/seal/seal.pub" \
    STICKYIP_HOST=0.0.0.0 STICKYIP_PORT="$AGENT_PORT" "${extra[@]}" \
    "$JAVA" $AGENT_JAVA_OPTS "${run[@]}"
  # with the crash hook armed it may halt before it is ready: the caller waits for what it wants
  [[ -n "${STICKYIP_AGENT_CRASH_AFTER_STEPS:-}" ]] ||
    wait_proc "stickyip-agent-${name}" "stickyip-agent-${name} ready" curl -fsS "http://$(node_ip "$i"):${AGENT_PORT}/readyz"
}

agent_standin_start() {
  local extra=() opts="$AGENT_JAVA_OPTS"
  mapfile -t extra < <(agent_pass_env)
  # with the cloud side on (pod-level aws pools) the AWS SDK needs more heap than the agent alone
  if [[ -z "${STICKYIP_AGENT_JAVA_OPTS:-}" && -n "${STICKYIP_AWS_ENDPOINT:-}${STICKYIP_AWS_REGION:-}" ]]; then
    opts="${opts/-Xmx64m/-Xmx160m}"
  fi
  # shellcheck disable=SC2086
  start_proc stickyip-agent-stand-in "$STICKYIP_AGENT_STANDIN_PORT" /usr/bin/env \
    POD_NAME=stickyip-agent-stand-in KUBECONFIG="$AGENT_STANDIN_KUBECONFIG" \
    STICKYIP_STANDIN_NODE_SELECTOR=type=kwok STICKYIP_NODE_CAPACITY="${STICKYIP_STANDIN_FREE:-64}" \
    STICKYIP_SEAL_PUBLIC_KEYS="${STICKYIP_DIR}/seal/seal.pub" \
    STICKYIP_HOST=127.0.0.1 STICKYIP_PORT="$STICKYIP_AGENT_STANDIN_PORT" "${extra[@]}" \
    "$JAVA" $opts -jar "${STICKYIP_DIR}/bin/stickyip-agent-testing.jar"
  wait_proc stickyip-agent-stand-in "stand-in agent ready" curl -fsS "http://127.0.0.1:${STICKYIP_AGENT_STANDIN_PORT}/readyz"
  local want
  want="$(kubectl_admin get nodes -l type=kwok -o name | wc -l)"
  wait_for "stand-in agent Leases of ${want} KWOK node(s)" agent_standin_leases "$want" ||
    die "the stand-in agent did not write its Leases, see ${LOG_DIR}/stickyip-agent-stand-in.log"
}

agent_standin_leases() {
  (($(kubectl_admin get leases -n stickyip-system -l stickyip.io/stand-in=true -o name | wc -l) >= $1))
}

# The LAN client: a network namespace on the LAN bridge with the echo server (tests talk to the
# fixed addresses from there, and see from there what the pods send).
agent_lan_client() {
  local lan pid a="sip-${RN_CID}-ca" b="sip-${RN_CID}-cb" echo
  echo="$("${HACK_DIR}/build-tools" path echo-server)"
  start_proc lan-client - "$RN_ENTER" new "${RN_CGROUP}/lan" "" -- "$("${HACK_DIR}/build-tools" path pause)"
  wait_proc lan-client "LAN client namespace" in_own_netns "$(proc_pid lan-client)"
  lan="$(proc_pid real-nodes-lan)"
  pid="$(proc_pid lan-client)"
  ip link add "$a" type veth peer name "$b"
  ip link set "$a" netns "$lan"
  ip link set "$b" netns "$pid"
  in_netns "$lan" ip link set "$a" name client master br0 up
  in_netns "$pid" ip link set lo up
  in_netns "$pid" ip link set "$b" name eth0
  in_netns "$pid" ip addr add "$(lan_addr "$LAN_CLIENT_INDEX")/${RN_LAN_PREFIX}" dev eth0
  in_netns "$pid" ip link set eth0 up
  start_proc lan-client-echo 8080 "$RN_ENTER" exec "${RN_CGROUP}/lan" "$pid" -- /usr/bin/env PORT=8080 "$echo"
}

agent_write_env() {
  local i names=()
  cat >>"$ENV_FILE" <<ENV
export STICKYIP_AGENT_STANDIN_URL=http://127.0.0.1:${STICKYIP_AGENT_STANDIN_PORT}
ENV
  ((RN_COUNT > 0)) || return 0
  for ((i = 1; i <= RN_COUNT; i++)); do
    names+=("$(node_name "$i")=http://$(node_ip "$i"):${AGENT_PORT}")
  done
  local IFS=,
  cat >>"$ENV_FILE" <<ENV
export STICKYIP_AGENT_URLS=${names[*]}
export STICKYIP_LAN_CLIENT_IP=$(lan_addr "$LAN_CLIENT_INDEX")
export STICKYIP_LAN_CLIENT_PID=$(proc_pid lan-client)
export STICKYIP_LAN_FIXED_RANGE=$(lan_addr "$LAN_FIXED_FIRST")-$(lan_addr "$LAN_FIXED_LAST")
export STICKYIP_LAN_PREFIX=${RN_LAN_PREFIX}
ENV
}

# The whole agent part of 'hack/cluster up' (after stickyip_up: jars built, JAVA set).
stickyip_agent_up() {
  local i
  pick_port STICKYIP_AGENT_STANDIN_PORT "$DEFAULT_AGENT_STANDIN_PORT"
  agent_apply_rbac
  agent_kubeconfig stickyip-system stickyip-agent-stand-in \
    "$(kubectl_admin config view --raw --minify -o 'jsonpath={.clusters[0].cluster.server}')" "$AGENT_STANDIN_KUBECONFIG"
  agent_standin_start
  if ((RN_COUNT > 0)); then
    STICKYIP_LAN_APISERVER_URL="https://${RN_LAN_HOST_IP}:${STICKYIP_APISERVER_PORT}"
    for ((i = 1; i <= RN_COUNT; i++)); do agent_start "$i"; done
    agent_lan_client
  fi
  agent_write_env
}

# 'hack/cluster agent stop|start|kill|restart NODE': a real node's agent away and back
# (start takes AGENT_PASS_ENV from the caller, e.g. STICKYIP_AGENT_CRASH_AFTER_STEPS=3).
stickyip_agent_cmd() {
  local action="${1:-}" node="${2:-}" i
  # shellcheck disable=SC1090
  source "$ENV_FILE"
  if [[ "$node" == stand-in ]]; then
    stickyip_standin_cmd "$action"
    return
  fi
  [[ "$node" =~ ^real-node-([0-9]+)$ ]] || die "usage: hack/cluster agent stop|start|kill|restart real-node-N|stand-in"
  i="${BASH_REMATCH[1]}"
  [[ -f "${RN_NODES_DIR}/${node}/env" ]] || die "no real node ${node} in ${STATE_DIR}"
  RN_COUNT="$(tr ',' '\n' <<<"$STICKYIP_REAL_NODE_NAMES" | wc -l)"
  # read by lan_addr (real-nodes-net.sh), which agent_start uses
  # shellcheck disable=SC2034
  RN_LAN_BASE="${STICKYIP_LAN_CIDR%/*}"
  case "$action" in
    stop) stop_proc "stickyip-agent-${node}" ;;
    kill) kill -9 "$(proc_pid "stickyip-agent-${node}")" 2>/dev/null || true ;;
    start | restart)
      JAVA="$(stickyip_java)"
      [[ "$action" == restart ]] && stop_proc "stickyip-agent-${node}"
      proc_alive "stickyip-agent-${node}" && { log "stickyip-agent-${node} already runs"; return 0; }
      sed -i "/^stickyip-agent-${node} /d" "$PROC_LIST"
      agent_start "$i"
      ;;
    *) die "usage: hack/cluster agent stop|start|kill|restart real-node-N" ;;
  esac
}

# 'hack/cluster agent ACTION stand-in': the KWOK nodes' stand-in agent (e.g. restarted with STICKYIP_AWS_* set).
stickyip_standin_cmd() {
  local action="$1"
  KUBECTL="${KUBECTL:-${LOCAL_DIR}/bin/kubectl}"
  case "$action" in
    stop) stop_proc stickyip-agent-stand-in ;;
    kill) kill -9 "$(proc_pid stickyip-agent-stand-in)" 2>/dev/null || true ;;
    start | restart)
      JAVA="$(stickyip_java)"
      [[ "$action" == restart ]] && stop_proc stickyip-agent-stand-in
      proc_alive stickyip-agent-stand-in && { log "stickyip-agent-stand-in already runs"; return 0; }
      sed -i "/^stickyip-agent-stand-in /d" "$PROC_LIST"
      # the earlier process's log is kept (start_proc starts a new one)
      [[ -f "${LOG_DIR}/stickyip-agent-stand-in.log" ]] &&
        cat "${LOG_DIR}/stickyip-agent-stand-in.log" >>"${LOG_DIR}/stickyip-agent-stand-in.previous.log"
      STICKYIP_AGENT_STANDIN_PORT="${STICKYIP_AGENT_STANDIN_URL##*:}"
      agent_standin_start
      ;;
    *) die "usage: hack/cluster agent stop|start|kill|restart stand-in" ;;
  esac
}

# 'hack/cluster lan-exec -- CMD...': CMD in the LAN client's network namespace.
stickyip_lan_exec() {
  # shellcheck disable=SC1090
  source "$ENV_FILE"
  [[ "${1:-}" == -- && $# -ge 2 ]] || die "usage: hack/cluster lan-exec -- COMMAND [ARGS...]"
  shift
  [[ -n "${STICKYIP_LAN_CLIENT_PID:-}" ]] || die "no LAN client (the cluster has no real nodes)"
  proc_alive lan-client || die "the LAN client (pid ${STICKYIP_LAN_CLIENT_PID}) is not running"
  exec nsenter --target "$STICKYIP_LAN_CLIENT_PID" --net -- "$@"
}
