# shellcheck shell=bash
# hack/lib/build-nodes.sh -- the real nodes' components of hack/build-tools: crictl (optional,
# at the end) and 'node-images', the two OCI images the local real nodes run, written locally
# (there is no registry) and imported into each node's containerd by hack/cluster:
#   stickyip.local/pause:1       /pause (hack/images/pause): the sandbox image; the same
#                                binary holds each real node's namespaces
#   stickyip.local/echo:1, :2    busybox-static (sh, nc, ip, ...) plus /echo-server
#                                (hack/images/echo-server, port 8080), its entrypoint, and
#                                /probe (hack/images/probe: cluster DNS and the API server
#                                through the `kubernetes` Service, as a pod sees them)
# Cache dir: node-images-<hash of the sources, busybox and the Go version>, holding the two
# binaries and pause.oci.tar, echo.oci.tar (OCI image layouts, one layer each).
# Uses: HACK_DIR, TOOLS_DIR, go_build, build_into, is_cached, component_dir, log, die, require_go.

NODE_IMAGES_SRC="${HACK_DIR}/images"
BUSYBOX="${STICKYIP_BUSYBOX:-/bin/busybox}"

node_images_version() {
  [[ -f "$BUSYBOX" ]] || die "${BUSYBOX} is missing: the test image needs busybox-static (apt-get install busybox-static)"
  {
    cat "${NODE_IMAGES_SRC}/go.mod" "${NODE_IMAGES_SRC}"/*/main.go "${HACK_DIR}/lib/build-nodes.sh" "$BUSYBOX"
    go version 2>/dev/null || true
  } | sha256sum | cut -c1-12
}

# oci_archive OUT ROOTFS ENTRYPOINT_JSON NAME...: OUT = a tar of an OCI image layout whose
# one layer is ROOTFS, with one index entry per image NAME (annotation
# io.containerd.image.name, which 'ctr images import' names the image by). Reproducible:
# sorted, mtime 0, owner root.
oci_archive() {
  local out="$1" rootfs="$2" entry="$3" d layer config manifest arch index=() name
  shift 3
  arch="$(go env GOARCH)"
  d="$(mktemp -d)"
  mkdir -p "${d}/blobs/sha256"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "${d}/layer" .
  layer="$(oci_blob "$d" "${d}/layer")"
  jq -nc --arg arch "$arch" --arg diff "sha256:${layer%% *}" --argjson entry "$entry" \
    '{architecture: $arch, os: "linux",
      config: {Entrypoint: $entry, Env: ["PATH=/bin"], WorkingDir: "/"},
      rootfs: {type: "layers", diff_ids: [$diff]}}' >"${d}/config"
  config="$(oci_blob "$d" "${d}/config")"
  jq -nc --arg c "${config%% *}" --argjson cs "${config##* }" --arg l "${layer%% *}" --argjson ls "${layer##* }" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: ("sha256:" + $c), size: $cs},
      layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar", digest: ("sha256:" + $l), size: $ls}]}' >"${d}/manifest"
  manifest="$(oci_blob "$d" "${d}/manifest")"
  for name in "$@"; do
    index+=("$(jq -nc --arg m "${manifest%% *}" --argjson ms "${manifest##* }" --arg arch "$arch" --arg name "$name" \
      '{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: ("sha256:" + $m), size: $ms,
        platform: {architecture: $arch, os: "linux"},
        annotations: {"io.containerd.image.name": $name, "org.opencontainers.image.ref.name": ($name | sub(".*:"; ""))}}')")
  done
  printf '%s\n' "${index[@]}" | jq -sc '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: .}' >"${d}/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"${d}/oci-layout"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$d" -cf "$out" oci-layout index.json blobs
  rm -rf "$d"
}

# oci_blob DIR FILE: move FILE to DIR/blobs/sha256/<digest>; print "<digest> <size>".
oci_blob() {
  local digest size
  digest="$(sha256sum "$2" | cut -d' ' -f1)"
  size="$(stat -c %s "$2")"
  mv "$2" "${1}/blobs/sha256/${digest}"
  printf '%s %s\n' "$digest" "$size"
}

build_node_images_into() {
  local out="$1" root applet
  command -v jq >/dev/null 2>&1 || die "jq is needed to write the image manifests (apt-get install jq)"
  if ldd "$BUSYBOX" 2>/dev/null | grep -q '=>'; then
    die "${BUSYBOX} is dynamically linked; the test image needs busybox-static (apt-get install busybox-static)"
  fi
  (
    cd "$NODE_IMAGES_SRC" || exit
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "${out}/pause" ./pause
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "${out}/echo-server" ./echo-server
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "${out}/probe" ./probe
  )
  root="$(mktemp -d)"
  install -D -m 0755 "${out}/pause" "${root}/pause/pause"
  oci_archive "${out}/pause.oci.tar" "${root}/pause" '["/pause"]' stickyip.local/pause:1
  mkdir -p "${root}/echo/bin" "${root}/echo/tmp" "${root}/echo/etc"
  install -m 0755 "$BUSYBOX" "${root}/echo/bin/busybox"
  for applet in $("$BUSYBOX" --list); do
    [[ "$applet" == busybox ]] || ln -s busybox "${root}/echo/bin/${applet}"
  done
  install -m 0755 "${out}/echo-server" "${root}/echo/echo-server"
  install -m 0755 "${out}/probe" "${root}/echo/probe"
  printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"${root}/echo/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"${root}/echo/etc/group"
  chmod 1777 "${root}/echo/tmp"
  oci_archive "${out}/echo.oci.tar" "${root}/echo" '["/echo-server"]' stickyip.local/echo:1 stickyip.local/echo:2
  rm -rf "$root"
  log "  images: $(du -h "${out}/pause.oci.tar" | cut -f1) pause, $(du -h "${out}/echo.oci.tar" | cut -f1) echo"
}

build_node_images() {
  require_go
  if is_cached node-images; then
    log "node-images $(node_images_version) are cached in $(component_dir node-images)"
    return
  fi
  log "building the real nodes' images (pause, echo: a few seconds)..."
  build_into node-images build_node_images_into
}

# ---------------------------------------------------------------- crictl (optional)
build_crictl_into() {
  local out="$1" v
  v="$(crictl_version)"
  (
    cd "${TOOLS_DIR}/crictl" || exit 1
    go_build -ldflags "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=${v#v}" \
      -o "${out}/crictl" sigs.k8s.io/cri-tools/cmd/crictl
  )
  "${out}/crictl" --version >&2 || true
}

build_crictl() {
  require_go
  if is_cached crictl; then
    log "crictl $(crictl_version) is cached in $(component_dir crictl)"
    return
  fi
  log "building crictl $(crictl_version) (optional, for debugging the real nodes; ~2 min)..."
  build_into crictl build_crictl_into
}
