# shellcheck shell=bash
# hack/lib/images-on-node.sh -- `hack/build-images on-node`: the webhook image serving on a real node.
# A cluster of its own (control plane, 1 KWOK node, 1 real node; state in .local/images-cluster),
# the five images imported into the real node's containerd, then one pod of the webhook image in
# standalone mode (pools from a ConfigMap, TLS and seal key from a Secret, etcd not reachable) as a
# `restricted` pod: runAsNonRoot, no capability, read-only root file system, /tmp an emptyDir. From
# the node: GET /healthz must answer 200; /readyz (503 while etcd is away) and /metrics are printed.
# The cluster is stopped on exit. Run it under 'flock /tmp/stickyip-cluster.lock' beside other clusters.
# Uses: HACK_DIR, ROOT_DIR, log, die, import_images (hack/build-images), stickyip_pick_jdk.

ON_NODE_POD=webhook-image-serving

on_node() {
  local w t0 k ip out="" _
  stickyip_pick_jdk
  [[ -f "${ROOT_DIR}/certs-cli/target/stickyip-certs.jar" ]] || die "certs-cli/target/stickyip-certs.jar is missing: hack/build-images first"
  export STICKYIP_STATE="${ROOT_DIR}/.local/images-cluster"
  w="$(mktemp -d)"
  on_node_secrets "$w"
  t0="$(date +%s)"
  "${HACK_DIR}/cluster" up --control-plane-only --nodes 1 --real-nodes 1 >"${w}/up.log" 2>&1 ||
    { tail -20 "${w}/up.log" >&2; die "the cluster did not come up"; }
  # shellcheck disable=SC2064 # w is fixed now; expand it now
  trap "'${HACK_DIR}/cluster' down >/dev/null 2>&1; rm -rf '${w}'" EXIT
  log "cluster up in $(($(date +%s) - t0)) s; importing the images..."
  import_images >/dev/null
  k="$("${HACK_DIR}/build-tools" path kubectl) --kubeconfig ${STICKYIP_STATE}/kubeconfig"
  $k create secret generic webhook-tls --from-file="${w}/tls/ca.crt" --from-file="${w}/tls/tls.crt" \
    --from-file="${w}/tls/tls.key" --from-file="${w}/seal/seal.key" >/dev/null
  $k create configmap webhook-pools --from-file="${w}/pools.yaml" >/dev/null
  on_node_pod | $k apply -f - >/dev/null
  $k wait --for=jsonpath='{.status.phase}'=Running "pod/${ON_NODE_POD}" --timeout=120s >/dev/null ||
    { $k describe pod "$ON_NODE_POD" >&2; die "the webhook pod did not run"; }
  ip="$($k get pod "$ON_NODE_POD" -o jsonpath='{.status.podIP}')"
  log "pod ${ON_NODE_POD} Running on $($k get pod "$ON_NODE_POD" -o jsonpath='{.spec.nodeName}'), IP ${ip}, image $($k get pod "$ON_NODE_POD" -o jsonpath='{.status.containerStatuses[0].imageID}')"
  for _ in $(seq 1 60); do
    out="$(on_node_get "$ip" /healthz)" && break
    sleep 2
  done
  log "from real-node-1: GET /healthz -> ${out:-no answer}"
  log "from real-node-1: GET /readyz -> $(on_node_get "$ip" /readyz || true)"
  log "from real-node-1: GET /metrics -> $(on_node_get "$ip" /metrics | grep -c '^jvm_' || true) jvm_ lines"
  $k logs "$ON_NODE_POD" | head -12 >&2
  [[ "$out" == *"HTTP 200" ]] || die "the webhook image did not answer /healthz on the real node"
}

# A serving certificate, a seal key (stickyip-certs on the host's JDK) and a one-pool file into DIR.
on_node_secrets() {
  java -jar "${ROOT_DIR}/certs-cli/target/stickyip-certs.jar" generate --dir "${1}/tls" --dns localhost >/dev/null
  java -jar "${ROOT_DIR}/certs-cli/target/stickyip-certs.jar" seal-key --dir "${1}/seal" >/dev/null
  cat >"${1}/pools.yaml" <<'YAML'
apiVersion: stickyip.io/v1alpha1
kind: IPPool
metadata: {name: demo}
spec: {cidr: 10.77.0.0/24, gateway: 10.77.0.1, namespaces: [default]}
YAML
}

# on_node_get IP PATH: curl from inside real-node-1 (the pod network is the node's).
on_node_get() {
  "${HACK_DIR}/cluster" node-exec real-node-1 -- curl -sk -m 3 -w ' HTTP %{http_code}' "https://${1}:8443${2}" 2>/dev/null
}

on_node_pod() {
  cat <<YAML
apiVersion: v1
kind: Pod
metadata: {name: ${ON_NODE_POD}, namespace: default}
spec:
  nodeSelector: {kubernetes.io/hostname: real-node-1}
  tolerations: [{key: stickyip.io/real-node, operator: Exists, effect: NoSchedule}]
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: webhook
    image: stickyip.local/stickyip-webhook:$(on_node_version)
    imagePullPolicy: Never
    env:
    - {name: STICKYIP_ETCD_ENDPOINTS, value: "http://127.0.0.1:2379"}
    - {name: STICKYIP_ETCD_PLAINTEXT, value: "true"}
    - {name: STICKYIP_CLIENT_AUTH, value: none}
    - {name: STICKYIP_POOLS_FILE, value: /etc/stickyip/pools/pools.yaml}
    - {name: STICKYIP_SEAL_KEY, value: /etc/stickyip/tls/seal.key}
    - {name: JAVA_TOOL_OPTIONS, value: "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"}
    securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
    volumeMounts:
    - {name: tls, mountPath: /etc/stickyip/tls, readOnly: true}
    - {name: pools, mountPath: /etc/stickyip/pools, readOnly: true}
    - {name: tmp, mountPath: /tmp}
  volumes:
  - {name: tls, secret: {secretName: webhook-tls}}
  - {name: pools, configMap: {name: webhook-pools}}
  - {name: tmp, emptyDir: {}}
YAML
}

# The tag Jib gave the images: the project version of the parent pom.
on_node_version() { sed -n 's:^  <version>\(.*\)</version>$:\1:p' "${ROOT_DIR}/pom.xml" | head -1; }
