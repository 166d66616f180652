/**
 * {@code stickyip-certs}, the command line on the certs library: {@code generate}, {@code rotate}, {@code client},
 * {@code seal-key} and {@code apply} (picocli). {@code kube} publishes a bundle to a cluster: the
 * {@code kubernetes.io/tls} Secret and the {@code caBundle} of the webhook configurations (fabric8).
 */
package io.stickyip.certs.cli;
