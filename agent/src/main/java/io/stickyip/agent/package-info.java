/** stickyip agent. */
package io.stickyip.agent;
