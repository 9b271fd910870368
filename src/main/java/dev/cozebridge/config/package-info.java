/**
 * Typed records for {@code bots.yml} and the loader that builds them: secrets only through {@code *_env}
 * names, unknown keys rejected, every problem reported at once with its YAML path.
 */
package dev.cozebridge.config;
