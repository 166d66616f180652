#!/usr/bin/env bash
# Copies the CRI API (k8s.io/cri-api runtime.v1) from the Go module cache into OUT, fetching the module
# through the Go module proxy first if it is not cached. The proto is not committed: its source of truth
# is the published Go module, pinned here. Java options are added to the copy (the service and message
# names on the wire are unchanged: they come from 'package runtime.v1').
# Usage: fetch-cri-proto.sh VERSION OUT_DIR
set -euo pipefail
version=$1 out=$2
dir=$(go mod download -json "k8s.io/cri-api@${version}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
src="$dir/pkg/apis/runtime/v1/api.proto"
[[ -f $src ]] || { echo "fetch-cri-proto: $src not found (go mod download k8s.io/cri-api@${version})" >&2; exit 1; }
mkdir -p "$out/k8s/cri/runtime/v1"
sed 's/^package runtime.v1;$/package runtime.v1;\noption java_package = "io.stickyip.agent.cri.v1";\noption java_multiple_files = true;\noption java_outer_classname = "CriApi";/' \
  "$src" > "$out/k8s/cri/runtime/v1/api.proto"
grep -q 'java_package = "io.stickyip.agent.cri.v1"' "$out/k8s/cri/runtime/v1/api.proto"
