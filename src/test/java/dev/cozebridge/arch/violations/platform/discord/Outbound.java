package dev.cozebridge.arch.violations.platform.discord;

import net.dv8tion.jda.internal.requests.RestActionImpl;

/** JDA where it belongs, but through its internals. */
public record Outbound(RestActionImpl<Void> action) {}
