/**
 * The scheduler extender's wire types, as {@code k8s.io/kube-scheduler/extender/v1} (v0.35.4,
 * {@code extender/v1/types.go}) defines them. The Go structs have no json tags, so
 * {@code encoding/json} uses the Go field names: {@code Pod}, {@code NodeNames}, {@code FailedNodes},
 * {@code Host}, {@code Score}... The fixtures in {@code src/test/resources/wire/} are
 * {@code json.Marshal} output of those structs.
 */
package io.stickyip.extender.wire;
