/**
 * stickyip certs: a CA and the webhook's serving certificate.
 *
 * <ul>
 *   <li>{@code issue}: BouncyCastle issuing of the CA and serving certificates, PEM.</li>
 *   <li>{@code store}: the bundle as files in a directory, with change detection.</li>
 *   <li>{@code rotate}: when to renew (pure) and renewing a directory.</li>
 *   <li>{@code kube}: the bundle as a {@code kubernetes.io/tls} Secret, {@code caBundle} patching.</li>
 *   <li>the {@code stickyip-certs} command line is the {@code certs-cli} module (it builds on {@code runtime}, which builds on this one).</li>
 * </ul>
 */
package io.stickyip.certs;
