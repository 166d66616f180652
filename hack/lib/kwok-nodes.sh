# shellcheck shell=bash
# hack/lib/kwok-nodes.sh -- the fake nodes KWOK plays, and the smoke test pod.
# Uses: kubectl_admin, wait_for, LOG_DIR, TIMEOUT, STICKYIP_ZONES.

# N fake nodes, spread over zones zone-a, zone-b, ...; node i (1-based) has
# InternalIP 10.250.<zone index>.<i>.
create_nodes() {
  local n="$1" zones="${STICKYIP_ZONES:-3}" i z zone letters=abcdefghijklmnopqrstuvwxyz
  ((zones >= 1 && zones <= 26)) || die "STICKYIP_ZONES must be 1..26"
  for ((i = 1; i <= n; i++)); do
    z=$(((i - 1) % zones))
    zone="zone-${letters:z:1}"
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-${i}
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-${i}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/region: local
    topology.kubernetes.io/zone: ${zone}
spec: {}
status:
  addresses:
  - type: InternalIP
    address: 10.250.${z}.${i}
  - type: Hostname
    address: kwok-node-${i}
  allocatable:
    cpu: "32"
    memory: 256Gi
    pods: "110"
  capacity:
    cpu: "32"
    memory: 256Gi
    pods: "110"
EOF
  done | kubectl_admin apply -f - >/dev/null
  log "  created ${n} fake node(s) over ${zones} zone(s)"
}

smoke_test_pod() {
  kubectl_admin apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: stickyip-smoke
  namespace: default
spec:
  nodeSelector:
    type: kwok
  containers:
  - name: pause
    image: registry.k8s.io/pause:3.10
EOF
  if ! wait_for "test pod Running on a fake node" pod_running default stickyip-smoke; then
    kubectl_admin describe pod -n default stickyip-smoke >&2 || true
    die "the test pod did not reach Running (see ${LOG_DIR}/kube-scheduler.log and kwok.log)"
  fi
  log "  test pod ran on $(kubectl_admin get pod -n default stickyip-smoke -o 'jsonpath={.spec.nodeName}')"
  kubectl_admin delete pod -n default stickyip-smoke --wait=true --timeout="${TIMEOUT}s" >/dev/null
  log "  test pod deleted"
}

pod_running() {
  [[ "$(kubectl_admin get pod -n "$1" "$2" -o 'jsonpath={.status.phase}')" == Running ]]
}

nodes_ready() {
  local want="$1" ready
  ready="$(kubectl_admin get nodes -l type=kwok \
    -o 'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$')"
  [[ "$ready" -ge "$want" ]]
}
