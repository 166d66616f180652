/**
 * Test fixtures that break the purity rule on purpose, so {@code PurityTest} can show it catches
 * them. They live under {@code io.stickyip.core} like real core code, but in test sources, which
 * the rule's import of the core leaves out.
 */
package io.stickyip.core.architecture.impure;
