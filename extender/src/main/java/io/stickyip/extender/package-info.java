/** stickyip extender. */
package io.stickyip.extender;
