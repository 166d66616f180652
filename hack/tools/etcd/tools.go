//go:build tools

// Package tools pins the etcd main packages so `go build` can resolve them
// from this wrapper module (see hack/build-tools).
package tools

import (
	_ "go.etcd.io/etcd/etcdctl/v3"
	_ "go.etcd.io/etcd/server/v3"
)
