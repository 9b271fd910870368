/**
 * Persistence: an H2 file database by default, schema only through the Flyway migrations in the top-level
 * {@code db/} folder, plain JDBC with named SQL constants and prepared statements. One store per table family.
 */
package dev.cozebridge.store;
