# shellcheck shell=bash
# Sourced by hack/cluster: stickyip on top of the local control plane.
#
#   - builds the jars (webhook, controller, certs-cli, extender, agent, and agent-testing's test support)
#     from the current tree and copies them into the state dir (a later build never disturbs running processes);
#   - issues the webhook's CA and serving certificate with stickyip-certs
#     (SANs: 127.0.0.1, localhost, the Service DNS names);
#   - before the control plane starts (stickyip_before_control_plane, from hack/cluster):
#     a callers' CA and the API server's client certificate for calling the webhook
#     (stickyip-certs), and the API server's admission configuration pointing at it; the
#     webhook replicas accept /mutate and /validate only with a certificate of that CA;
#   - applies manifests/rbac/ (namespace stickyip-system, ServiceAccounts stickyip-webhook and
#     stickyip-controller and their roles) and the IPPool CRD;
#   - mints a token for each of those ServiceAccounts and writes a kubeconfig for it: the webhook
#     replicas use the API as stickyip-webhook, the controller replicas as stickyip-controller,
#     not as admin, so every run proves the RBAC;
#   - starts stickyip's own etcd for the reservations (stickyip-etcd, as manifests/deploy runs
#     one): TLS with client-certificate authentication, certificates from stickyip-certs
#     (etcd's serving certificate for 127.0.0.1, the webhook's and the controller's client certificates);
#   - starts two webhook replicas and HAProxy in front of them: there is no Service networking
#     here, and Endpoints may not point at loopback, so HAProxy plays the Service (TCP, TLS
#     passed through, health-checked, a dead replica's connections redispatched);
#   - starts two controller replicas (the leader-elected collectors, pool status and, when a test
#     asks for it, the node-address controller; one leader per Lease), each with /healthz, /readyz
#     and /metrics on a port of its own (plain HTTP);
#   - registers the Mutating/ValidatingWebhookConfiguration of manifests/deploy/ (matchConditions
#     so only annotated objects are sent, failurePolicy Fail) with a url instead of the Service,
#     then publishes the certificate with 'stickyip-certs apply' (caBundle of every webhook,
#     Secret stickyip-system/stickyip-webhook-tls), as on a real cluster.
#
# Uses from hack/cluster: STATE_DIR, CONF_DIR, LOG_DIR, REPO_DIR, KUBECTL, start_proc, stop_proc,
# proc_alive, wait_for, log, die, pick_port, kubectl_admin.

STICKYIP_DIR="${STATE_DIR}/stickyip"
DEFAULT_WEBHOOK_PORTS=(16601 16602)
DEFAULT_WEBHOOK_LB_PORT=16600
DEFAULT_WEBHOOK_ETCD_PORTS=(16610 16611 16612) # client (https), peer, metrics (http, /health)
DEFAULT_CONTROLLER_PORTS=(16603 16604)
STICKYIP_GC_GRACE="${STICKYIP_GC_GRACE:-20s}"
STICKYIP_GC_INTERVAL="${STICKYIP_GC_INTERVAL:-3s}"
# The webhook replicas' kubeconfig: ServiceAccount stickyip-system/stickyip-webhook.
STICKYIP_WEBHOOK_KUBECONFIG="${CONF_DIR}/stickyip-webhook.kubeconfig"
# The controller replicas' kubeconfig: ServiceAccount stickyip-system/stickyip-controller.
STICKYIP_CONTROLLER_KUBECONFIG="${CONF_DIR}/stickyip-controller.kubeconfig"

stickyip_java() {
  # shellcheck source=java.sh
  source "${REPO_DIR}/hack/lib/java.sh"
  stickyip_pick_jdk >&2
  echo "${JAVA_HOME}/bin/java"
}

# The jars, and agent-testing's (test support, never in an image: the KWOK stand-in and the crashing agent;
# its manifest puts stickyip-agent.jar, copied beside it, on its class path).
stickyip_build() {
  local jars=("${REPO_DIR}/webhook/target/stickyip-webhook.jar" "${REPO_DIR}/controller/target/stickyip-controller.jar"
    "${REPO_DIR}/certs-cli/target/stickyip-certs.jar"
    "${REPO_DIR}/extender/target/stickyip-extender.jar" "${REPO_DIR}/agent/target/stickyip-agent.jar"
    "${REPO_DIR}/agent-testing/target/stickyip-agent-testing.jar") jar absent_jars=0
  for jar in "${jars[@]}"; do [[ -f "$jar" ]] || absent_jars=1; done
  if [[ "${STICKYIP_SKIP_BUILD:-0}" != 1 ]] || ((absent_jars)); then
    log "building stickyip (webhook, controller, certs-cli, extender, agent, agent-testing) from ${REPO_DIR}"
    "${REPO_DIR}/hack/mvn" -q -DskipTests package -pl webhook,controller,certs-cli,extender,agent,agent-testing -am >"${LOG_DIR}/stickyip-build.log" 2>&1 ||
      die "stickyip build failed, see ${LOG_DIR}/stickyip-build.log"
  fi
  mkdir -p "${STICKYIP_DIR}/bin"
  cp "${jars[@]}" "${STICKYIP_DIR}/bin/"
}

stickyip_certs() {
  log "issuing the webhook CA and serving certificate (stickyip-certs)"
  "$JAVA" -jar "${STICKYIP_DIR}/bin/stickyip-certs.jar" generate --dir "${STICKYIP_DIR}/tls" --ip 127.0.0.1 \
    --dns localhost,stickyip-webhook,stickyip-webhook.stickyip-system,stickyip-webhook.stickyip-system.svc \
    >"${LOG_DIR}/stickyip-certs.log" 2>&1 || die "certificate generation failed, see ${LOG_DIR}/stickyip-certs.log"
}

# The API server's identity towards the webhook: a client certificate from the callers' CA
# (STICKYIP_CLIENT_CA_FILE of the replicas), given to the API server by the kubeconfig of its
# WebhookAdmissionConfiguration. That kubeconfig is looked up by the host:port of the
# webhook's URL (k8s.io/apiserver pkg/util/webhook/authentication.go), here HAProxy's.
stickyip_admission_client() {
  log "issuing the API server's client certificate for the webhook (stickyip-certs) and its admission configuration"
  "$JAVA" -jar "${STICKYIP_DIR}/bin/stickyip-certs.jar" client --ca-dir "${STICKYIP_DIR}/callers-ca" \
    --dir "${STICKYIP_DIR}/apiserver-client" --name kube-apiserver \
    >>"${LOG_DIR}/stickyip-certs.log" 2>&1 || die "client certificate issuing failed, see ${LOG_DIR}/stickyip-certs.log"
  cat >"${CONF_DIR}/stickyip-admission.kubeconfig" <<EOF
apiVersion: v1
kind: Config
users:
- name: "127.0.0.1:${STICKYIP_WEBHOOK_LB_PORT}"
  user:
    client-certificate: ${STICKYIP_DIR}/apiserver-client/tls.crt
    client-key: ${STICKYIP_DIR}/apiserver-client/tls.key
EOF
  cat >"${CONF_DIR}/admission-config.yaml" <<EOF
apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: MutatingAdmissionWebhook
  configuration:
    apiVersion: apiserver.config.k8s.io/v1
    kind: WebhookAdmissionConfiguration
    kubeConfigFile: ${CONF_DIR}/stickyip-admission.kubeconfig
- name: ValidatingAdmissionWebhook
  configuration:
    apiVersion: apiserver.config.k8s.io/v1
    kind: WebhookAdmissionConfiguration
    kubeConfigFile: ${CONF_DIR}/stickyip-admission.kubeconfig
EOF
  # read by start_apiserver (control-plane.sh)
  # shellcheck disable=SC2034
  APISERVER_STICKYIP_ARGS=(--admission-control-config-file="${CONF_DIR}/admission-config.yaml")
}

# stickyip_seal_key: the webhook's seal key pair (seal/seal.key for the webhook, seal/seal.pub for
# the agents and the stand-in), made once per cluster state: pods sealed with it stay verifiable
# across restarts of the cluster's processes.
stickyip_seal_key() {
  if [[ -f "${STICKYIP_DIR}/seal/seal.key" && -f "${STICKYIP_DIR}/seal/seal.pub" ]]; then
    return 0
  fi
  log "creating the webhook's seal key (stickyip-certs seal-key)"
  "$JAVA" -jar "${STICKYIP_DIR}/bin/stickyip-certs.jar" seal-key --dir "${STICKYIP_DIR}/seal" --force \
    >>"${LOG_DIR}/stickyip-certs.log" 2>&1 || die "seal key creation failed, see ${LOG_DIR}/stickyip-certs.log"
}

# etcd's CA and serving certificate (etcd-tls/), the webhook's client certificate signed by
# that CA (etcd-client/) and the controller's (etcd-client-controller/), all from stickyip-certs.
stickyip_etcd_certs() {
  log "issuing stickyip-etcd's CA and serving certificate, and the webhook's and the controller's client certificates for it (stickyip-certs)"
  "$JAVA" -jar "${STICKYIP_DIR}/bin/stickyip-certs.jar" generate --dir "${STICKYIP_DIR}/etcd-tls" --ip 127.0.0.1 --dns localhost \
    >>"${LOG_DIR}/stickyip-certs.log" 2>&1 || die "etcd certificate issuing failed, see ${LOG_DIR}/stickyip-certs.log"
  "$JAVA" -jar "${STICKYIP_DIR}/bin/stickyip-certs.jar" client --ca-dir "${STICKYIP_DIR}/etcd-tls" \
    --dir "${STICKYIP_DIR}/etcd-client" --name stickyip-webhook >>"${LOG_DIR}/stickyip-certs.log" 2>&1 ||
    die "etcd client certificate issuing failed, see ${LOG_DIR}/stickyip-certs.log"
  "$JAVA" -jar "${STICKYIP_DIR}/bin/stickyip-certs.jar" client --ca-dir "${STICKYIP_DIR}/etcd-tls" \
    --dir "${STICKYIP_DIR}/etcd-client-controller" --name stickyip-controller >>"${LOG_DIR}/stickyip-certs.log" 2>&1 ||
    die "etcd client certificate issuing (controller) failed, see ${LOG_DIR}/stickyip-certs.log"
}

# The reservations' etcd: clients over TLS only, each with a certificate of etcd-tls's CA
# (--client-cert-auth); /health on a plain metrics listener for the wait. One member, so the
# peer listener (auto TLS) carries nothing.
stickyip_etcd_start() {
  local etcd="${ETCD:-$("${REPO_DIR}/hack/build-tools" path etcd)}"
  local tls="${STICKYIP_DIR}/etcd-tls" client="https://127.0.0.1:${STICKYIP_WEBHOOK_ETCD_PORT}"
  local peer="https://127.0.0.1:${STICKYIP_WEBHOOK_ETCD_PEER_PORT}"
  start_proc stickyip-etcd "$STICKYIP_WEBHOOK_ETCD_PORT" "$etcd" \
    --name=stickyip-reservations \
    --data-dir="${STICKYIP_DIR}/etcd-data" \
    --listen-client-urls="$client" --advertise-client-urls="$client" \
    --cert-file="${tls}/tls.crt" --key-file="${tls}/tls.key" \
    --client-cert-auth --trusted-ca-file="${tls}/ca.crt" \
    --listen-peer-urls="$peer" --initial-advertise-peer-urls="$peer" --peer-auto-tls \
    --initial-cluster="stickyip-reservations=${peer}" --initial-cluster-state=new \
    --listen-metrics-urls="http://127.0.0.1:${STICKYIP_WEBHOOK_ETCD_METRICS_PORT}" \
    --unsafe-no-fsync=true \
    --log-level=warn
  wait_proc stickyip-etcd "stickyip-etcd /health" curl -fsS "http://127.0.0.1:${STICKYIP_WEBHOOK_ETCD_METRICS_PORT}/health"
}

stickyip_apply_base() {
  log "applying the RBAC (manifests/rbac: namespace stickyip-system, ServiceAccounts) and the IPPool CRD"
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

# The webhooks' and the controllers' identities.
stickyip_webhook_credentials() {
  stickyip_sa_kubeconfig stickyip-webhook "$STICKYIP_WEBHOOK_KUBECONFIG"
  stickyip_sa_kubeconfig stickyip-controller "$STICKYIP_CONTROLLER_KUBECONFIG"
}

# The extended resource stickyip.io/ip that the webhook requests for annotated pods: a real node's
# agent advertises its own at start (agent/node/ExtendedResource); the KWOK nodes get it here.
stickyip_advertise_nodes() {
  # eight at a time: one kubectl per node, and a benchmark cluster has a thousand nodes;
  # $KUBECTL, $CONF and $1 are the inner sh's (from its environment and xargs), not this shell's
  # shellcheck disable=SC2016
  kubectl_admin get nodes -l type=kwok -o name | KUBECTL="$KUBECTL" CONF="${CONF_DIR}/admin.kubeconfig" xargs -r -P 8 -I{} \
    sh -c '"$KUBECTL" --kubeconfig "$CONF" patch "$1" --subresource=status --type=merge \
      -p "{\"status\":{\"capacity\":{\"stickyip.io/ip\":\"64\"},\"allocatable\":{\"stickyip.io/ip\":\"64\"}}}" >/dev/null' _ {}
}

# stickyip_webhook_start N [nowait]: start replica N (1 or 2) on its port and wait until it is ready (nowait: the
# caller waits with stickyip_webhook_wait N, so two replicas start side by side).
stickyip_webhook_start() {
  local n="$1" port
  port="$(stickyip_webhook_port "$n")"
  local i
  for ((i = 0; i < 100; i++)); do port_in_use "$port" || break; sleep 0.2; done
  port_in_use "$port" && die "port ${port} of stickyip-webhook-${n} is still in use by another process"
  start_proc "stickyip-webhook-${n}" "$port" /usr/bin/env \
    STICKYIP_HOST=127.0.0.1 STICKYIP_PORT="$port" \
    STICKYIP_CERT_DIR="${STICKYIP_DIR}/tls" \
    STICKYIP_CLIENT_CA_FILE="${STICKYIP_DIR}/callers-ca/ca.crt" \
    STICKYIP_SEAL_KEY="${STICKYIP_DIR}/seal/seal.key" \
    STICKYIP_ETCD_ENDPOINTS="https://127.0.0.1:${STICKYIP_WEBHOOK_ETCD_PORT}" \
    STICKYIP_ETCD_CA_FILE="${STICKYIP_DIR}/etcd-client/ca.crt" \
    STICKYIP_ETCD_CERT_FILE="${STICKYIP_DIR}/etcd-client/tls.crt" \
    STICKYIP_ETCD_KEY_FILE="${STICKYIP_DIR}/etcd-client/tls.key" \
    POD_NAME="stickyip-webhook-${n}" \
    KUBECONFIG="$STICKYIP_WEBHOOK_KUBECONFIG" \
    "$JAVA" -Xmx256m -XX:+UseSerialGC -jar "${STICKYIP_DIR}/bin/stickyip-webhook.jar"
  [[ "${2:-}" == nowait ]] || stickyip_webhook_wait "$n"
}

stickyip_webhook_wait() {
  local n="$1" port
  port="$(stickyip_webhook_port "$n")"
  # wait_proc fails at once if this replica dies (a stale process on the port cannot fake it:
  # the port was free before the start)
  wait_proc "stickyip-webhook-${n}" "stickyip-webhook-${n} ready" curl -fsSk "https://127.0.0.1:${port}/readyz"
}

# stickyip_controller_start N [nowait]: start controller replica N (1 or 2); ready once its pools are loaded and etcd
# answered (nowait: the caller waits with stickyip_controller_wait N).
stickyip_controller_start() {
  local n="$1" port
  port="$(stickyip_controller_port "$n")"
  local i
  for ((i = 0; i < 100; i++)); do port_in_use "$port" || break; sleep 0.2; done
  port_in_use "$port" && die "port ${port} of stickyip-controller-${n} is still in use by another process"
  start_proc "stickyip-controller-${n}" "$port" /usr/bin/env \
    STICKYIP_HOST=127.0.0.1 STICKYIP_PORT="$port" \
    STICKYIP_ETCD_ENDPOINTS="https://127.0.0.1:${STICKYIP_WEBHOOK_ETCD_PORT}" \
    STICKYIP_ETCD_CA_FILE="${STICKYIP_DIR}/etcd-client-controller/ca.crt" \
    STICKYIP_ETCD_CERT_FILE="${STICKYIP_DIR}/etcd-client-controller/tls.crt" \
    STICKYIP_ETCD_KEY_FILE="${STICKYIP_DIR}/etcd-client-controller/tls.key" \
    STICKYIP_GC_GRACE="$STICKYIP_GC_GRACE" STICKYIP_GC_INTERVAL="$STICKYIP_GC_INTERVAL" \
    STICKYIP_LEASE_NAMESPACE=stickyip-system POD_NAME="stickyip-controller-${n}" \
    KUBECONFIG="$STICKYIP_CONTROLLER_KUBECONFIG" \
    "$JAVA" -Xmx256m -XX:+UseSerialGC -jar "${STICKYIP_DIR}/bin/stickyip-controller.jar"
  [[ "${2:-}" == nowait ]] || stickyip_controller_wait "$n"
}

stickyip_controller_wait() {
  local n="$1" port
  port="$(stickyip_controller_port "$n")"
  wait_proc "stickyip-controller-${n}" "stickyip-controller-${n} ready" curl -fsS "http://127.0.0.1:${port}/readyz"
}

stickyip_controller_port() {
  local var="STICKYIP_CONTROLLER_PORT_$1"
  echo "${!var}"
}

stickyip_webhook_port() {
  local var="STICKYIP_WEBHOOK_PORT_$1"
  echo "${!var}"
}

stickyip_lb_start() {
  command -v haproxy >/dev/null 2>&1 || stickyip_packages || die "could not install hack/packages.txt (haproxy)"
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

# The registrations of manifests/deploy/30-webhook-configurations.yaml (the one copy of their
# rules, selectors, matchConditions and policies), with each clientConfig.service replaced by
# the loopback URL of HAProxy plus the path the service entry names; the caBundle is written by
# stickyip_publish_certs.
stickyip_register() {
  local manifest="${REPO_DIR}/manifests/deploy/30-webhook-configurations.yaml"
  local policies="${REPO_DIR}/manifests/deploy/35-policies.yaml"
  log "applying the admission policies of ${policies#"${REPO_DIR}/"} (enforced by the API server itself)"
  kubectl_admin apply -f "$policies" >/dev/null || die "could not apply ${policies}"
  local url="https://127.0.0.1:${STICKYIP_WEBHOOK_LB_PORT}"
  command -v jq >/dev/null 2>&1 || die "jq is needed to render ${manifest} (Debian package jq)"
  log "registering the admission webhooks of ${manifest#"${REPO_DIR}/"} at ${url}"
  kubectl_admin create --dry-run=client -o json -f "$manifest" |
    jq --arg url "$url" '
      (if .kind == "List" then .items[] else . end)
      | .webhooks |= map(
          if .clientConfig.service.path == null then
            error("\(.name): clientConfig.service.path is missing")
          else .clientConfig = {url: ($url + .clientConfig.service.path)} end)' |
    kubectl_admin apply -f - >/dev/null || die "could not register the webhooks of ${manifest}"
  stickyip_publish_certs
}

# The caBundle of every webhook above and Secret stickyip-system/stickyip-webhook-tls, written by
# 'stickyip-certs apply' as on a real cluster (caBundle first, then the Secret).
stickyip_publish_certs() {
  log "publishing the webhook certificate (stickyip-certs apply: caBundle, Secret stickyip-system/stickyip-webhook-tls)"
  "$JAVA" -jar "${STICKYIP_DIR}/bin/stickyip-certs.jar" apply --dir "${STICKYIP_DIR}/tls" \
    --namespace stickyip-system --secret stickyip-webhook-tls \
    --mutating-webhook stickyip --validating-webhook stickyip \
    --kubeconfig "${CONF_DIR}/admin.kubeconfig" >>"${LOG_DIR}/stickyip-certs.log" 2>&1 ||
    die "stickyip-certs apply failed, see ${LOG_DIR}/stickyip-certs.log"
}

stickyip_write_env() {
  cat >>"$ENV_FILE" <<ENV
export STICKYIP_WEBHOOK_URL=https://127.0.0.1:${STICKYIP_WEBHOOK_LB_PORT}
export STICKYIP_WEBHOOK_PORT_1=${STICKYIP_WEBHOOK_PORT_1}
export STICKYIP_WEBHOOK_PORT_2=${STICKYIP_WEBHOOK_PORT_2}
export STICKYIP_WEBHOOK_CA=${STICKYIP_DIR}/tls/ca.crt
export STICKYIP_WEBHOOK_KUBECONFIG=${STICKYIP_WEBHOOK_KUBECONFIG}
export STICKYIP_CONTROLLER_PORT_1=${STICKYIP_CONTROLLER_PORT_1}
export STICKYIP_CONTROLLER_PORT_2=${STICKYIP_CONTROLLER_PORT_2}
export STICKYIP_CONTROLLER_KUBECONFIG=${STICKYIP_CONTROLLER_KUBECONFIG}
export STICKYIP_WEBHOOK_ETCD_ENDPOINTS=https://127.0.0.1:${STICKYIP_WEBHOOK_ETCD_PORT}
export STICKYIP_WEBHOOK_ETCD_PORT=${STICKYIP_WEBHOOK_ETCD_PORT}
export STICKYIP_WEBHOOK_ETCD_CA=${STICKYIP_DIR}/etcd-client/ca.crt
export STICKYIP_WEBHOOK_ETCD_CLIENT_CERT=${STICKYIP_DIR}/etcd-client/tls.crt
export STICKYIP_WEBHOOK_ETCD_CLIENT_KEY=${STICKYIP_DIR}/etcd-client/tls.key
export STICKYIP_WEBHOOK_CALLERS_CA=${STICKYIP_DIR}/callers-ca/ca.crt
export STICKYIP_WEBHOOK_CLIENT_CERT=${STICKYIP_DIR}/apiserver-client/tls.crt
export STICKYIP_WEBHOOK_CLIENT_KEY=${STICKYIP_DIR}/apiserver-client/tls.key
ENV
}

# The part of 'hack/cluster up' before the control plane starts: ports, jars, certificates,
# and the API server's admission configuration (APISERVER_STICKYIP_ARGS).
stickyip_before_control_plane() {
  JAVA="$(stickyip_java)"
  pick_port STICKYIP_WEBHOOK_PORT_1 "${DEFAULT_WEBHOOK_PORTS[0]}"
  pick_port STICKYIP_WEBHOOK_PORT_2 "${DEFAULT_WEBHOOK_PORTS[1]}"
  pick_port STICKYIP_WEBHOOK_LB_PORT "$DEFAULT_WEBHOOK_LB_PORT"
  pick_port STICKYIP_CONTROLLER_PORT_1 "${DEFAULT_CONTROLLER_PORTS[0]}"
  pick_port STICKYIP_CONTROLLER_PORT_2 "${DEFAULT_CONTROLLER_PORTS[1]}"
  pick_port STICKYIP_WEBHOOK_ETCD_PORT "${DEFAULT_WEBHOOK_ETCD_PORTS[0]}"
  pick_port STICKYIP_WEBHOOK_ETCD_PEER_PORT "${DEFAULT_WEBHOOK_ETCD_PORTS[1]}"
  pick_port STICKYIP_WEBHOOK_ETCD_METRICS_PORT "${DEFAULT_WEBHOOK_ETCD_PORTS[2]}"
  stickyip_build
  stickyip_certs
  stickyip_seal_key
  stickyip_etcd_certs
  stickyip_admission_client
  STICKYIP_PREPARED=1
}

# The rest of the stickyip part of 'hack/cluster up', once the control plane runs.
stickyip_up() {
  [[ "${STICKYIP_PREPARED:-0}" == 1 ]] ||
    die "stickyip_up: the API server was started without stickyip's admission configuration; hack/cluster must call stickyip_before_control_plane before start_apiserver (the webhook refuses callers without its client certificate)"
  stickyip_apply_base
  stickyip_webhook_credentials
  stickyip_advertise_nodes
  stickyip_etcd_start
  # the four JVMs start side by side, then each is waited for
  stickyip_webhook_start 1 nowait
  stickyip_webhook_start 2 nowait
  stickyip_controller_start 1 nowait
  stickyip_controller_start 2 nowait
  stickyip_webhook_wait 1
  stickyip_webhook_wait 2
  stickyip_controller_wait 1
  stickyip_controller_wait 2
  stickyip_lb_start
  stickyip_register
  stickyip_write_env
}

# 'hack/cluster webhook|controller stop|start|kill N': for tests that take a replica away and back; a controller
# replica may be started with further settings (e.g. STICKYIP_NODE_ADDRESSES=true) in the environment of
# 'hack/cluster', which it inherits.
stickyip_webhook_cmd() { stickyip_replica_cmd webhook "$@"; }
stickyip_controller_cmd() { stickyip_replica_cmd controller "$@"; }

# stickyip_replica_cmd KIND ACTION N: stop, start or kill -9 replica N of stickyip-KIND (its start function is
# stickyip_KIND_start); N "both" with start: the two replicas start side by side, then each is waited for.
stickyip_replica_cmd() {
  local kind="$1" action="${2:-}" n="${3:-}"
  local usage="usage: hack/cluster ${kind} stop|start|kill 1|2 (start also: both)" proc="stickyip-${kind}-${n}"
  [[ "$n" == 1 || "$n" == 2 || ("$n" == both && "$action" == start) ]] || die "$usage"
  # shellcheck disable=SC1090
  source "$ENV_FILE"
  JAVA="$(stickyip_java)"
  case "$action" in
    stop) stop_proc "$proc" ;;
    kill) kill -9 "$(proc_pid "$proc")" 2>/dev/null || true ;;
    start)
      local m started=()
      for m in 1 2; do
        [[ "$n" == both || "$n" == "$m" ]] || continue
        proc="stickyip-${kind}-${m}"
        if proc_alive "$proc"; then
          log "${proc} already runs"
          continue
        fi
        sed -i "/^${proc} /d" "$PROC_LIST"
        "stickyip_${kind}_start" "$m" nowait
        started+=("$m")
      done
      for m in "${started[@]}"; do "stickyip_${kind}_wait" "$m"; done
      ;;
    *) die "$usage" ;;
  esac
}
