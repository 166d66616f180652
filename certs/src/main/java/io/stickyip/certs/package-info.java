/** stickyip certs. */
package io.stickyip.certs;
