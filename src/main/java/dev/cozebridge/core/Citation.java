package dev.cozebridge.core;

/**
 * A knowledge-base source Coze used for an answer.
 *
 * @param documentId the Coze document id, used to de-duplicate; may be null
 * @param title      link title, else document name, else card title; never blank
 * @param url        the public link, or null for uploaded files that have none
 * @param score      recall similarity (0..1), or NaN when Coze gave none
 */
public record Citation(String documentId, String title, String url, double score) {}
