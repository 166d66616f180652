/**
 * stickyip certs, the library: a CA, the webhook's serving certificate, client certificates and the seal key.
 * BouncyCastle and files only; nothing of Kubernetes and no command line (CertsBoundariesTest).
 *
 * <ul>
 *   <li>{@code issue}: BouncyCastle issuing of the CA, serving and client certificates, PEM.</li>
 *   <li>{@code store}: the bundle as files in a directory, with change detection; the seal key's files.</li>
 *   <li>{@code rotate}: when to renew (pure) and renewing a directory.</li>
 * </ul>
 *
 * The {@code stickyip-certs} command line and its Kubernetes publisher (the bundle as a {@code kubernetes.io/tls}
 * Secret, {@code caBundle} patching) are the certs-cli module's ({@code io.stickyip.certs.cli}); the deployables'
 * Kubernetes client factory is runtime's {@code KubeClients}.
 */
package io.stickyip.certs;
