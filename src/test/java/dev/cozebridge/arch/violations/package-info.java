/**
 * Deliberate violations of every architecture rule, one tiny class per package of a pretend bridge. Only
 * {@code ArchitectureTest} imports them, to prove that each rule fails when it should; nothing runs them.
 */
package dev.cozebridge.arch.violations;
