/** stickyip webhook. */
package io.stickyip.webhook;
