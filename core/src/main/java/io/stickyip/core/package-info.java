/** stickyip core. */
package io.stickyip.core;
