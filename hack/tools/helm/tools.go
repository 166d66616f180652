//go:build tools

// Package tools pins the helm main package built by hack/build-tools.
package tools

import (
	_ "helm.sh/helm/v4/cmd/helm"
)
