/**
 * Outbound connections through a proxy: one way to put a {@link dev.cozebridge.config.ProxySettings} on an OkHttp
 * client (Coze, the Discord REST API, the Telegram Bot API) or on plain sockets (the Discord gateway), including
 * its credentials.
 */
package dev.cozebridge.net;
