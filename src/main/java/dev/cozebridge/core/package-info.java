/** The core vocabulary: plain-JDK records every other package speaks, and the failure catalog. No platform types. */
package dev.cozebridge.core;
