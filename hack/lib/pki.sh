# shellcheck shell=bash
# hack/lib/pki.sh -- the local cluster's CA, certificates and kubeconfigs (openssl).
# Uses: PKI_DIR, SERVICE_APISERVER_IP, APISERVER_EXTRA_SANS (optional), STICKYIP_APISERVER_PORT,
# log/die.

# ---------------------------------------------------------------- PKI
# A throw-away CA made with openssl, and client/server certificates signed by
# it. ECDSA P-256 keys (fast); RSA 2048 for the service-account signing key.
gen_pki() {
  command -v openssl >/dev/null || die "openssl is needed to make the local CA"
  mkdir -p "$PKI_DIR"
  gen_ca ca "/CN=stickyip-local-ca"

  gen_cert apiserver "/CN=kube-apiserver" serverAuth \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:${SERVICE_APISERVER_IP}${APISERVER_EXTRA_SANS:+,${APISERVER_EXTRA_SANS}}"
  gen_cert admin "/O=system:masters/CN=stickyip-admin" clientAuth
  gen_cert kube-controller-manager "/CN=system:kube-controller-manager" clientAuth
  gen_cert kube-scheduler "/CN=system:kube-scheduler" clientAuth
  # KWOK plays every kubelet (node status, leases, pod status): give it admin.
  gen_cert kwok "/O=system:masters/CN=kwok-controller" clientAuth
  # The API server's identity towards kubelets (logs, exec, port-forward of real nodes).
  gen_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth

  # Front proxy (aggregation layer / request-header authentication): its own
  # CA, as upstream recommends. Controller manager and scheduler read it from
  # configmap kube-system/extension-apiserver-authentication.
  gen_ca front-proxy-ca "/CN=stickyip-local-front-proxy-ca"
  CA_NAME=front-proxy-ca gen_cert front-proxy-client "/CN=front-proxy-client" clientAuth

  openssl genrsa -out "${PKI_DIR}/sa.key" 2048 2>/dev/null
  openssl rsa -in "${PKI_DIR}/sa.key" -pubout -out "${PKI_DIR}/sa.pub" 2>/dev/null
  chmod 600 "${PKI_DIR}"/*.key
}

# gen_ca NAME SUBJECT: self-signed CA NAME.crt / NAME.key, valid 10 years.
gen_ca() {
  openssl ecparam -name prime256v1 -genkey -noout -out "${PKI_DIR}/$1.key" 2>/dev/null
  openssl req -x509 -new -key "${PKI_DIR}/$1.key" -sha256 -days 3650 -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "${PKI_DIR}/$1.crt" 2>/dev/null
}

# gen_cert NAME SUBJECT EXTENDED_KEY_USAGE [SUBJECT_ALT_NAMES]: NAME.crt/.key
# signed by ${CA_NAME:-ca}.
gen_cert() {
  local name="$1" subj="$2" eku="$3" san="${4:-}"
  local ext="${PKI_DIR}/${name}.ext"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=${eku}"
    [[ -z "$san" ]] || echo "subjectAltName=${san}"
  } >"$ext"
  openssl ecparam -name prime256v1 -genkey -noout -out "${PKI_DIR}/${name}.key" 2>/dev/null
  openssl req -new -key "${PKI_DIR}/${name}.key" -subj "$subj" -out "${PKI_DIR}/${name}.csr" 2>/dev/null
  local ca="${CA_NAME:-ca}"
  openssl x509 -req -in "${PKI_DIR}/${name}.csr" -CA "${PKI_DIR}/${ca}.crt" -CAkey "${PKI_DIR}/${ca}.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 3650 -sha256 -extfile "$ext" -out "${PKI_DIR}/${name}.crt" 2>/dev/null
  rm -f "${PKI_DIR}/${name}.csr" "$ext"
}

# write_kubeconfig FILE CERT_NAME [SERVER]: self-contained kubeconfig (data embedded);
# SERVER defaults to the API server on loopback.
write_kubeconfig() {
  local file="$1" user="$2" server="${3:-https://127.0.0.1:${STICKYIP_APISERVER_PORT}}"
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: stickyip-local
  cluster:
    server: ${server}
    certificate-authority-data: $(base64 -w0 <"${PKI_DIR}/ca.crt")
users:
- name: ${user}
  user:
    client-certificate-data: $(base64 -w0 <"${PKI_DIR}/${user}.crt")
    client-key-data: $(base64 -w0 <"${PKI_DIR}/${user}.key")
contexts:
- name: stickyip-local
  context:
    cluster: stickyip-local
    user: ${user}
current-context: stickyip-local
EOF
  chmod 600 "$file"
}

# Everything 'up' needs before the first process: the PKI, a kubeconfig per client, the admin
# one copied to KUBECONFIG_OUT.
gen_pki_and_kubeconfigs() {
  log "generating CA, certificates and kubeconfigs in ${STATE_DIR}"
  gen_pki
  local u
  for u in admin kube-controller-manager kube-scheduler kwok; do
    write_kubeconfig "${CONF_DIR}/${u}.kubeconfig" "$u"
  done
  mkdir -p "$(dirname "$KUBECONFIG_OUT")"
  cp "${CONF_DIR}/admin.kubeconfig" "$KUBECONFIG_OUT"
  chmod 600 "$KUBECONFIG_OUT"
}
