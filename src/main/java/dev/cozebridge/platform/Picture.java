package dev.cozebridge.platform;

/**
 * An image an answer links to, to be shown natively.
 *
 * @param url an http(s) URL the platform fetches itself
 * @param alt the Markdown alt text or link text, possibly empty
 */
public record Picture(String url, String alt) {}
