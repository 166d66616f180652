/**
 * stickyip certs: a CA and the webhook's serving certificate.
 *
 * <ul>
 *   <li>{@code issue}: BouncyCastle issuing of the CA and serving certificates, PEM.</li>
 *   <li>{@code store}: the bundle as files in a directory, with change detection.</li>
 *   <li>{@code rotate}: when to renew (pure) and renewing a directory.</li>
 *   <li>{@code kube}: the bundle as a {@code kubernetes.io/tls} Secret, {@code caBundle} patching, and
 *   {@link io.stickyip.certs.kube.KubeClients}, the one Kubernetes client factory (runtime and every
 *   deployable build on it; certs sits under runtime, so the factory lives here).</li>
 *   <li>{@code cli}: the {@code stickyip-certs} command line ({@code generate}, {@code client}, {@code rotate}, {@code apply}).</li>
 * </ul>
 */
package io.stickyip.certs;
