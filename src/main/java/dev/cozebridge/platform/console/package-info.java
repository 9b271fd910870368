/**
 * The terminal platform used by the {@code chat} command: lines from standard input become messages of one
 * conversation (bot / {@code console} / local user), and answers stream to standard output as they grow.
 */
package dev.cozebridge.platform.console;
