# shellcheck shell=bash
# Sourced by hack/cluster: stickyip on top of the local control plane.
#
#   - builds the webhook and certs jars from the current tree and copies them into the state
#     dir (a later build never disturbs running processes);
#   - issues the webhook's CA and serving certificate with the certs module
#     (SANs: 127.0.0.1, localhost, the Service DNS names);
#   - applies manifests/rbac/ (namespace stickyip-system, ServiceAccount stickyip-webhook and
#     its roles) and the IPPool CRD;
#   - mints a token for that ServiceAccount and writes a kubeconfig for it: the webhook
#     replicas use the API as stickyip-webhook, not as admin, so every run proves the RBAC;
#   - starts two webhook replicas and HAProxy in front of them: there is no Service networking
#     here, and Endpoints may not point at loopback, so HAProxy plays the Service (TCP, TLS
#     passed through, health-checked, a dead replica's connections redispatched);
#   - registers the Mutating/ValidatingWebhookConfiguration (url + caBundle, matchConditions so
#     only annotated objects are sent, failurePolicy Fail).
#
# Uses from hack/cluster: STATE_DIR, CONF_DIR, LOG_DIR, REPO_DIR, KUBECTL, start_proc, stop_proc,
# proc_alive, wait_for, log, die, pick_port, kubectl_admin.

STICKYIP_DIR="${STATE_DIR}/stickyip"
DEFAULT_WEBHOOK_PORTS=(16601 16602)
DEFAULT_WEBHOOK_LB_PORT=16600
STICKYIP_GC_GRACE="${STICKYIP_GC_GRACE:-20s}"
STICKYIP_GC_INTERVAL="${STICKYIP_GC_INTERVAL:-3s}"
# The webhook replicas' kubeconfig: ServiceAccount stickyip-system/stickyip-webhook.
STICKYIP_WEBHOOK_KUBECONFIG="${CONF_DIR}/stickyip-webhook.kubeconfig"

stickyip_java() {
  # shellcheck source=java.sh
  source "${REPO_DIR}/hack/lib/java.sh"
  stickyip_pick_jdk >&2
  echo "${JAVA_HOME}/bin/java"
}

stickyip_build() {
  local jars=("${REPO_DIR}/webhook/target/stickyip-webhook.jar" "${REPO_DIR}/certs/target/stickyip-certs.jar"
    "${REPO_DIR}/extender/target/stickyip-extender.jar")
  if [[ "${STICKYIP_SKIP_BUILD:-0}" != 1 ]] || [[ ! -f "${jars[0]}" ]] || [[ ! -f "${jars[1]}" ]] || [[ ! -f "${jars[2]}" ]]; then
    log "building stickyip (webhook, certs, extender) from ${REPO_DIR}"
    "${REPO_DIR}/hack/mvn" -q -DskipTests package -pl webhook,certs,extender -am >"${LOG_DIR}/stickyip-build.log" 2>&1 ||
      die "stickyip build failed, see ${LOG_DIR}/stickyip-build.log"
  fi
  mkdir -p "${STICKYIP_DIR}/bin"
  cp "${jars[@]}" "${STICKYIP_DIR}/bin/"
}

stickyip_certs() {
  log "issuing the webhook CA and serving certificate (certs module)"
  "$JAVA" -jar "${STICKYIP_DIR}/bin/stickyip-certs.jar" generate --dir "${STICKYIP_DIR}/tls" --ip 127.0.0.1 \
    --dns localhost,stickyip-webhook,stickyip-webhook.stickyip-system,stickyip-webhook.stickyip-system.svc \
    >"${LOG_DIR}/stickyip-certs.log" 2>&1 || die "certificate generation failed, see ${LOG_DIR}/stickyip-certs.log"
}

stickyip_apply_base() {
  log "applying the webhook RBAC (manifests/rbac: namespace stickyip-system, ServiceAccount) and the IPPool CRD"
  kubectl_admin apply -f "${REPO_DIR}/manifests/rbac/" >/dev/null
  kubectl_admin apply -f "${REPO_DIR}/manifests/crds/" >/dev/null
  wait_for "IPPool CRD established" kubectl_admin wait --for=condition=Established crd/ippools.stickyip.io --timeout=5s ||
    die "the IPPool CRD was not established"
}

# stickyip_sa_kubeconfig SA FILE: a kubeconfig for ServiceAccount stickyip-system/SA (token valid
# 24 h: a cluster kept up longer needs 'up' again), server and CA taken from the admin kubeconfig.
stickyip_sa_kubeconfig() {
  local sa="$1" file="$2" server ca token
  log "minting a token for ServiceAccount stickyip-system/${sa}"
  server="$(kubectl_admin config view --raw --minify -o 'jsonpath={.clusters[0].cluster.server}')"
  ca="$(kubectl_admin config view --raw --minify -o 'jsonpath={.clusters[0].cluster.certificate-authority-data}')"
  [[ -n "$server" && -n "$ca" ]] || die "no server or CA in ${CONF_DIR}/admin.kubeconfig"
  token="$(kubectl_admin create token "$sa" -n stickyip-system --duration=24h)" ||
    die "could not mint a token for ServiceAccount stickyip-system/${sa}"
  (
    umask 077
    cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: stickyip-local
  cluster:
    server: ${server}
    certificate-authority-data: ${ca}
users:
- name: ${sa}
  user:
    token: ${token}
contexts:
- name: ${sa}
  context:
    cluster: stickyip-local
    namespace: stickyip-system
    user: ${sa}
current-context: ${sa}
EOF
  )
}

# The webhooks' identity.
stickyip_webhook_credentials() {
  stickyip_sa_kubeconfig stickyip-webhook "$STICKYIP_WEBHOOK_KUBECONFIG"
}

# Until the agent advertises it per node (like a device plugin), the fake nodes advertise the
# extended resource stickyip.io/ip that the webhook requests for annotated pods.
stickyip_advertise_nodes() {
  # eight at a time: one kubectl per node, and a benchmark cluster has a thousand nodes
  kubectl_admin get nodes -o name | KUBECTL="$KUBECTL" CONF="${CONF_DIR}/admin.kubeconfig" xargs -r -P 8 -I{} \
    sh -c '"$KUBECTL" --kubeconfig "$CONF" patch "$1" --subresource=status --type=merge \
      -p "{\"status\":{\"capacity\":{\"stickyip.io/ip\":\"64\"},\"allocatable\":{\"stickyip.io/ip\":\"64\"}}}" >/dev/null' _ {}
}

# stickyip_webhook_start N: start replica N (1 or 2) on its port.
stickyip_webhook_start() {
  local n="$1" port
  port="$(stickyip_webhook_port "$n")"
  local i
  for ((i = 0; i < 100; i++)); do port_in_use "$port" || break; sleep 0.2; done
  port_in_use "$port" && die "port ${port} of stickyip-webhook-${n} is still in use by another process"
  start_proc "stickyip-webhook-${n}" "$port" /usr/bin/env \
    STICKYIP_HOST=127.0.0.1 STICKYIP_PORT="$port" \
    STICKYIP_CERT_DIR="${STICKYIP_DIR}/tls" \
    STICKYIP_ETCD_ENDPOINTS="http://127.0.0.1:${STICKYIP_ETCD_PORT}" \
    STICKYIP_GC_GRACE="$STICKYIP_GC_GRACE" STICKYIP_GC_INTERVAL="$STICKYIP_GC_INTERVAL" \
    STICKYIP_LEASE_NAMESPACE=stickyip-system POD_NAME="stickyip-webhook-${n}" \
    KUBECONFIG="$STICKYIP_WEBHOOK_KUBECONFIG" \
    "$JAVA" -Xmx256m -XX:+UseSerialGC -jar "${STICKYIP_DIR}/bin/stickyip-webhook.jar"
  # wait_proc fails at once if this replica dies (a stale process on the port cannot fake it:
  # the port was free before the start)
  wait_proc "stickyip-webhook-${n}" "stickyip-webhook-${n} ready" curl -fsSk "https://127.0.0.1:${port}/readyz"
}

stickyip_webhook_port() {
  local var="STICKYIP_WEBHOOK_PORT_$1"
  echo "${!var}"
}

stickyip_lb_start() {
  command -v haproxy >/dev/null 2>&1 || {
    log "installing HAProxy (Debian package) to stand in for the webhook Service"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null || die "could not install haproxy"
  }
  cat >"${CONF_DIR}/stickyip-lb.cfg" <<CFG
global
  maxconn 2048
defaults
  mode tcp
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  retries 3
  option redispatch
frontend stickyip-webhook
  bind 127.0.0.1:${STICKYIP_WEBHOOK_LB_PORT}
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk
  http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host localhost
  http-check expect status 200
  server replica-1 127.0.0.1:${STICKYIP_WEBHOOK_PORT_1} check check-ssl verify none inter 500ms fall 1 rise 2
  server replica-2 127.0.0.1:${STICKYIP_WEBHOOK_PORT_2} check check-ssl verify none inter 500ms fall 1 rise 2
CFG
  start_proc stickyip-lb "$STICKYIP_WEBHOOK_LB_PORT" "$(command -v haproxy)" -db -f "${CONF_DIR}/stickyip-lb.cfg"
  wait_for "stickyip webhook behind HAProxy" curl -fsSk "https://127.0.0.1:${STICKYIP_WEBHOOK_LB_PORT}/readyz" ||
    die "HAProxy does not reach the webhook, see ${LOG_DIR}/stickyip-lb.log"
}

stickyip_register() {
  local ca
  ca="$(base64 -w0 <"${STICKYIP_DIR}/tls/ca.crt")"
  local url="https://127.0.0.1:${STICKYIP_WEBHOOK_LB_PORT}"
  log "registering the admission webhooks at ${url}"
  kubectl_admin apply -f - >/dev/null <<YAML
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: stickyip
webhooks:
- name: pods.stickyip.io
  clientConfig:
    url: ${url}/mutate
    caBundle: ${ca}
  rules:
  - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods], scope: Namespaced}
  namespaceSelector:
    matchExpressions:
    - {key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, stickyip-system]}
  matchConditions:
  - name: asks-for-a-fixed-address
    expression: >-
      has(object.metadata.annotations) &&
      ('stickyip.io/pool' in object.metadata.annotations ||
       'stickyip.io/ip' in object.metadata.annotations ||
       'kube-ipam.ip' in object.metadata.annotations)
  admissionReviewVersions: [v1]
  sideEffects: NoneOnDryRun
  failurePolicy: Fail
  reinvocationPolicy: IfNeeded
  timeoutSeconds: 10
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: stickyip
webhooks:
- name: workloads.stickyip.io
  clientConfig:
    url: ${url}/validate
    caBundle: ${ca}
  rules:
  - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments, statefulsets], scope: Namespaced}
  namespaceSelector:
    matchExpressions:
    - {key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, stickyip-system]}
  matchConditions:
  - name: template-asks-for-a-fixed-address
    expression: >-
      has(object.spec.template.metadata.annotations) &&
      ('stickyip.io/pool' in object.spec.template.metadata.annotations ||
       'stickyip.io/ip' in object.spec.template.metadata.annotations ||
       'kube-ipam.ip' in object.spec.template.metadata.annotations)
  admissionReviewVersions: [v1]
  sideEffects: None
  failurePolicy: Fail
  timeoutSeconds: 10
- name: ippools.stickyip.io
  clientConfig:
    url: ${url}/validate
    caBundle: ${ca}
  rules:
  - {apiGroups: [stickyip.io], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: [ippools], scope: Cluster}
  admissionReviewVersions: [v1]
  sideEffects: None
  failurePolicy: Fail
  timeoutSeconds: 10
YAML
}

stickyip_write_env() {
  cat >>"$ENV_FILE" <<ENV
export STICKYIP_WEBHOOK_URL=https://127.0.0.1:${STICKYIP_WEBHOOK_LB_PORT}
export STICKYIP_WEBHOOK_PORT_1=${STICKYIP_WEBHOOK_PORT_1}
export STICKYIP_WEBHOOK_PORT_2=${STICKYIP_WEBHOOK_PORT_2}
export STICKYIP_WEBHOOK_CA=${STICKYIP_DIR}/tls/ca.crt
export STICKYIP_WEBHOOK_KUBECONFIG=${STICKYIP_WEBHOOK_KUBECONFIG}
ENV
}

# The whole stickyip part of 'hack/cluster up'.
stickyip_up() {
  JAVA="$(stickyip_java)"
  pick_port STICKYIP_WEBHOOK_PORT_1 "${DEFAULT_WEBHOOK_PORTS[0]}"
  pick_port STICKYIP_WEBHOOK_PORT_2 "${DEFAULT_WEBHOOK_PORTS[1]}"
  pick_port STICKYIP_WEBHOOK_LB_PORT "$DEFAULT_WEBHOOK_LB_PORT"
  stickyip_build
  stickyip_certs
  stickyip_apply_base
  stickyip_webhook_credentials
  stickyip_advertise_nodes
  stickyip_webhook_start 1
  stickyip_webhook_start 2
  stickyip_lb_start
  stickyip_register
  stickyip_write_env
}

# 'hack/cluster webhook stop|start|kill N': for tests that take a replica away and back.
stickyip_webhook_cmd() {
  local action="${1:-}" n="${2:-}"
  [[ "$n" == 1 || "$n" == 2 ]] || die "usage: hack/cluster webhook stop|start|kill 1|2"
  # shellcheck disable=SC1090
  source "$ENV_FILE"
  JAVA="$(stickyip_java)"
  case "$action" in
    stop) stop_proc "stickyip-webhook-${n}" ;;
    kill) kill -9 "$(proc_pid "stickyip-webhook-${n}")" 2>/dev/null || true ;;
    start)
      proc_alive "stickyip-webhook-${n}" && { log "stickyip-webhook-${n} already runs"; return 0; }
      sed -i "/^stickyip-webhook-${n} /d" "$PROC_LIST"
      stickyip_webhook_start "$n"
      ;;
    *) die "usage: hack/cluster webhook stop|start|kill 1|2" ;;
  esac
}
