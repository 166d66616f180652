# shellcheck shell=bash
# hack/lib/real-nodes.sh -- real nodes beside the KWOK ones: each a kubelet and a containerd
# (runc, the CNI bridge) in a network and mount namespace of its own, so pods really run.
# Sourced by hack/cluster. See hack/README.md ("Real nodes") for the layout; the parts:
#   real-nodes-cgroups.sh  one cgroup tree per cluster, holding every process of the nodes
#   real-nodes-net.sh      the LAN namespace, the nodes' links and routes, the API proxy
#   real-nodes-config.sh   containerd, CNI, kubelet configuration and certificates
#   real-nodes-services.sh kube-proxy, the `kubernetes` Service's endpoint, cluster DNS
#   node-enter.sh          runs a process inside a node (cgroup + namespaces)
# Uses: STATE_DIR, CONF_DIR, LOG_DIR, PKI_DIR, HACK_DIR, TIMEOUT, ENV_FILE, start_proc,
# wait_proc, wait_for, proc_pid, kubectl_admin, log, die.

# shellcheck source=real-nodes-cgroups.sh
source "${HACK_DIR}/lib/real-nodes-cgroups.sh"
# shellcheck source=real-nodes-net.sh
source "${HACK_DIR}/lib/real-nodes-net.sh"
# shellcheck source=real-nodes-config.sh
source "${HACK_DIR}/lib/real-nodes-config.sh"
# shellcheck source=real-nodes-services.sh
source "${HACK_DIR}/lib/real-nodes-services.sh"

RN_MAX=8
RN_CNI_BIN_DIR="${STICKYIP_CNI_BIN_DIR:-/usr/lib/cni}"
RN_POD_CIDR="${STICKYIP_REAL_POD_CIDR:-10.245.0.0/16}"
RN_NODES_DIR="${STATE_DIR}/nodes"
RN_ENTER="${HACK_DIR}/lib/node-enter.sh"
# <cid>: 6 hex digits of the state dir's path, in every name this cluster gives the host
# (cgroups /stickyip-<cid>, links sip-<cid>-*): two clusters never collide, and the names of a
# crashed one are known without its state.
RN_CID="$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-6)"
RN_CGROUP="/stickyip-${RN_CID}"
RN_LAN_PREFIX=28

node_name() { echo "real-node-$1"; }
node_dir() { echo "${RN_NODES_DIR}/$(node_name "$1")"; }
node_ip() { lan_addr $((1 + $1)); }
node_pod_cidr() { local p="${RN_POD_CIDR%.0.0/16}"; echo "${p}.$1.0/24"; }
node_cgroup() { echo "${RN_CGROUP}/$(node_name "$1")/runtime"; }

# real_nodes_count REQUESTED EXPLICIT: how many real nodes this host can run, 0 with the
# reason logged (or an error when EXPLICIT=1, i.e. --real-nodes/STICKYIP_REAL_NODES asked).
real_nodes_count() {
  local n="$1" explicit="$2" why=""
  ((n > 0)) || { echo 0; return; }
  ((n <= RN_MAX)) || die "--real-nodes: at most ${RN_MAX}, got ${n}"
  [[ "${RN_POD_CIDR}" =~ ^[0-9]+\.[0-9]+\.0\.0/16$ ]] || die "STICKYIP_REAL_POD_CIDR must be a /16 like 10.245.0.0/16, got ${RN_POD_CIDR}"
  if [[ "$(id -u)" != 0 ]]; then
    why="not root (namespaces, cgroups and links need root)"
  elif ! cgroups_usable; then
    why="no writable cgroup hierarchy under /sys/fs/cgroup"
  elif ! command -v unshare >/dev/null || ! command -v nsenter >/dev/null || ! command -v ip >/dev/null; then
    why="unshare, nsenter or ip (util-linux, iproute2) missing"
  elif ! real_nodes_packages; then
    why="could not install the Debian packages of hack/packages.txt"
  fi
  if [[ -n "$why" ]]; then
    ((explicit)) && die "cannot run ${n} real node(s): ${why}"
    log "real nodes: none on this host: ${why} (KWOK nodes only)"
    echo 0
    return
  fi
  echo "$n"
}

# The node packages: hack/packages.txt (containerd, runc, CNI plugins, iptables, busybox-static,
# HAProxy, jq, ...), installed when one is missing. Returns 1 if they are still missing.
real_nodes_packages() {
  stickyip_packages
}

# real_nodes_plan N: the LAN block and addresses, before the PKI (the API server's
# certificate names the LAN address it is reached at).
real_nodes_plan() {
  RN_COUNT="$1"
  ((RN_COUNT > 0)) || return 0
  pick_lan_subnet
  RN_LAN_HOST_IP="$(lan_addr 1)"
  # read by pki.sh: the API server's certificate names the LAN address it is reached at
  # shellcheck disable=SC2034
  APISERVER_EXTRA_SANS="IP:${RN_LAN_HOST_IP}"
  log "real nodes: ${RN_COUNT}, LAN ${RN_LAN_BASE}/${RN_LAN_PREFIX} (host ${RN_LAN_HOST_IP}), pods ${RN_POD_CIDR}, cgroups ${RN_CGROUP}"
}

# real_nodes_up: LAN, API proxy, then every node's holder, network, containerd, images,
# kubelet and kube-proxy; waits until they are Ready and ran a pod each, then until cluster
# DNS answers (real-nodes-services.sh).
real_nodes_up() {
  ((RN_COUNT > 0)) || return 0
  local i pause t0 tk
  t0="$(date +%s%N)"
  pause="$("${HACK_DIR}/build-tools" path pause)"
  cg_create "${RN_CGROUP}/lan"
  start_proc real-nodes-lan - "$RN_ENTER" new "${RN_CGROUP}/lan" "" -- "$pause"
  wait_proc real-nodes-lan "LAN namespace" in_own_netns "$(proc_pid real-nodes-lan)"
  net_lan_up
  net_apiserver_proxy
  for ((i = 1; i <= RN_COUNT; i++)); do real_node_start "$i" "$pause"; done
  for ((i = 1; i <= RN_COUNT; i++)); do
    wait_proc "$(node_name "$i")-containerd" "$(node_name "$i") containerd" \
      ctr --address "$(node_dir "$i")/root/run/containerd/containerd.sock" version
  done
  # the nodes' imports side by side; CoreDNS's image (53 MB) only where CoreDNS runs
  local imports=() tars=() img
  for img in pause.oci.tar echo.oci.tar coredns.oci.tar; do tars+=("$("${HACK_DIR}/build-tools" path "$img")"); done
  for ((i = 1; i <= RN_COUNT; i++)); do
    if [[ "$(node_name "$i")" == "$RN_DNS_NODE" ]]; then
      real_node_images "$i" "${tars[@]}" &
    else
      real_node_images "$i" "${tars[@]:0:2}" &
    fi
    imports+=("$!")
  done
  for ((i = 1; i <= RN_COUNT; i++)); do wait "${imports[i - 1]}" || die "importing the images into $(node_name "$i") failed"; done
  tk="$(date +%s%N)"
  real_nodes_api_endpoints
  for ((i = 1; i <= RN_COUNT; i++)); do real_node_kubelet "$i"; real_node_kube_proxy "$i"; done
  for ((i = 1; i <= RN_COUNT; i++)); do
    wait_proc "$(node_name "$i")-kubelet" "$(node_name "$i") Ready" node_ready "$(node_name "$i")"
  done
  log "real nodes: ${RN_COUNT} started and Ready in $(ms_since "$t0") ms (namespaces, network, containerd, images: $(((tk - t0) / 1000000)) ms; kubelets to Ready: $(ms_since "$tk") ms)"
  real_nodes_dns_apply
  for ((i = 1; i <= RN_COUNT; i++)); do
    wait_proc "$(node_name "$i")-kube-proxy" "$(node_name "$i") kube-proxy synced" kube_proxy_synced "$i"
  done
  real_nodes_smoke_test
  real_nodes_dns_wait
  real_nodes_write_env
}

# Holder (namespaces), network, configuration and containerd of node I.
real_node_start() {
  local i="$1" pause="$2" name d
  name="$(node_name "$i")"
  d="$(node_dir "$i")"
  mkdir -p "$d"
  cg_create "$(node_cgroup "$i")"
  start_proc "$name" - "$RN_ENTER" new "$(node_cgroup "$i")" "$d" -- "$pause"
  wait_proc "$name" "${name} namespaces" in_own_netns "$(proc_pid "$name")" "${d}/sysctl/vm.overcommit_memory"
  net_node_up "$i" "$RN_COUNT"
  node_certs "$i"
  write_containerd_config "$i"
  write_cni_config "$i"
  write_kubelet_config "$i"
  write_kube_proxy_config "$i"
  start_proc "${name}-containerd" - "$RN_ENTER" exec "$(node_cgroup "$i")" "$(proc_pid "$name")" -- \
    "$(command -v containerd)" --config "${d}/containerd.toml" --log-level warn
}

# real_node_images I TAR...: the image archives into node I's containerd.
real_node_images() {
  local i="$1" tar
  shift
  for tar in "$@"; do
    ctr --address "$(node_dir "$i")/root/run/containerd/containerd.sock" -n k8s.io images import \
      "$tar" >>"${LOG_DIR}/$(node_name "$i")-images.log" 2>&1 ||
      die "importing ${tar} into $(node_name "$i") failed, see ${LOG_DIR}/$(node_name "$i")-images.log"
  done
}

real_node_kubelet() {
  local i="$1" name d zones="${STICKYIP_ZONES:-3}" letters=abcdefghijklmnopqrstuvwxyz
  name="$(node_name "$i")"
  d="$(node_dir "$i")"
  start_proc "${name}-kubelet" 10250 "$RN_ENTER" exec "$(node_cgroup "$i")" "$(proc_pid "$name")" -- \
    "$KUBELET" --config="${d}/kubelet.yaml" --kubeconfig="${d}/kubelet.kubeconfig" \
    --hostname-override="$name" --node-ip="$(node_ip "$i")" \
    --node-labels="stickyip.io/real-node=true,type=real,topology.kubernetes.io/region=local,topology.kubernetes.io/zone=zone-${letters:$(((i - 1) % zones)):1}" \
    --v=1
}

# in_own_netns PID [FILE]: PID has left the host's network namespace (its holder has unshared)
# and FILE (written once its mounts are in place) exists.
in_own_netns() {
  [[ "$(readlink "/proc/$1/ns/net")" != "$(readlink /proc/self/ns/net)" ]] && [[ -z "${2:-}" || -e "$2" ]]
}

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

node_ready() {
  [[ "$(kubectl_admin get node "$1" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}

# One pod on each real node (the test image, tolerating the taint) must become Ready.
real_nodes_smoke_test() {
  local i name pods=()
  for ((i = 1; i <= RN_COUNT; i++)); do
    name="$(node_name "$i")"
    pods+=("stickyip-smoke-${name}")
    kubectl_admin apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata: {name: stickyip-smoke-${name}, namespace: default}
spec:
  nodeSelector: {kubernetes.io/hostname: ${name}}
  tolerations: [{key: stickyip.io/real-node, operator: Exists, effect: NoSchedule}]
  terminationGracePeriodSeconds: 5
  containers: [{name: echo, image: "stickyip.local/echo:1"}]
YAML
  done
  if ! wait_for "a test pod Ready on each real node" kubectl_admin wait -n default --for=condition=Ready \
    --timeout=2s "${pods[@]/#/pod/}"; then
    kubectl_admin describe pod -n default "${pods[@]}" >&2 || true
    die "a real node did not run its test pod (see ${LOG_DIR}/real-node-*-kubelet.log)"
  fi
  kubectl_admin delete pod -n default "${pods[@]}" --wait=true --timeout="${TIMEOUT}s" >/dev/null
  log "  test pods deleted"
}

# The env files: the cluster's (names, LAN, pod CIDR) and one per node, for processes that run
# inside a node (the stickyip agent) or look into it (tests). hack/README.md lists them.
real_nodes_write_env() {
  local i names=() name d
  for ((i = 1; i <= RN_COUNT; i++)); do
    name="$(node_name "$i")"
    names+=("$name")
    d="$(node_dir "$i")"
    cat >"${d}/env" <<ENV
# ${name}, written by hack/cluster up. Run a command inside it: hack/cluster node-exec ${name} -- CMD
export STICKYIP_NODE_NAME=${name}
export STICKYIP_NODE_IP=$(node_ip "$i")
export STICKYIP_NODE_POD_CIDR=$(node_pod_cidr "$i")
export STICKYIP_NODE_DIR=${d}
export STICKYIP_NODE_HOLDER_PID=$(proc_pid "$name")
export STICKYIP_NODE_CGROUP=$(node_cgroup "$i")
export STICKYIP_NODE_ENTER="${RN_ENTER} exec $(node_cgroup "$i") $(proc_pid "$name") --"
export STICKYIP_NODE_CRI_SOCKET=unix:///run/containerd/containerd.sock
export STICKYIP_NODE_CRI_SOCKET_HOST=unix://${d}/root/run/containerd/containerd.sock
export STICKYIP_NODE_NETNS_DIR=/run/netns
export STICKYIP_NODE_KUBECONFIG=${d}/kubelet.kubeconfig
export STICKYIP_NODE_KUBELET_LOG=${LOG_DIR}/${name}-kubelet.log
ENV
  done
  local IFS=,
  cat >>"$ENV_FILE" <<ENV
export STICKYIP_CLUSTER_ID=${RN_CID}
export STICKYIP_REAL_NODE_NAMES=${names[*]}
export STICKYIP_REAL_NODES_DIR=${RN_NODES_DIR}
export STICKYIP_REAL_POD_CIDR=${RN_POD_CIDR}
export STICKYIP_LAN_CIDR=${RN_LAN_BASE}/${RN_LAN_PREFIX}
export STICKYIP_LAN_APISERVER_URL=https://${RN_LAN_HOST_IP}:${STICKYIP_APISERVER_PORT}
export STICKYIP_CLUSTER_DNS_IP=$(rn_dns_ip)
ENV
}

# After stop_all (or a crash): whatever is left in the cluster's cgroup tree (containerd
# shims, pod processes) is killed, the tree removed, stray host links deleted. The
# namespaces go with their last process; so do the mounts inside them.
real_nodes_cleanup() {
  cg_kill "$RN_CGROUP"
  cg_remove "$RN_CGROUP"
  net_cleanup
}

# 'hack/cluster node-exec NODE -- CMD...': CMD inside NODE (its cgroup and namespaces).
real_nodes_exec() {
  local name="${1:-}" env
  [[ -n "$name" && "${2:-}" == -- && $# -ge 3 ]] || die "usage: hack/cluster node-exec NODE -- COMMAND [ARGS...]"
  shift 2
  env="${RN_NODES_DIR}/${name}/env"
  [[ -f "$env" ]] || die "no real node '${name}' in ${STATE_DIR} (nodes: $(find "$RN_NODES_DIR" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort | paste -sd' '))"
  # shellcheck disable=SC1090
  source "$env"
  proc_alive "$name" || die "${name} is not running (its holder, pid ${STICKYIP_NODE_HOLDER_PID}, is gone)"
  exec "$RN_ENTER" exec "$STICKYIP_NODE_CGROUP" "$STICKYIP_NODE_HOLDER_PID" -- "$@"
}
