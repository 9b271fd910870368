/**
 * Prometheus metrics: the Micrometer implementation of {@link dev.cozebridge.core.BridgeMetrics}, scraped by the
 * HTTP API's {@code /metrics}.
 */
package dev.cozebridge.metrics;
