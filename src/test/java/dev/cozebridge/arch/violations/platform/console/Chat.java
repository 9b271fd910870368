package dev.cozebridge.arch.violations.platform.console;

import dev.cozebridge.arch.violations.conversation.Service;

/** An adapter that takes the concrete core: with {@link Service} it closes a cycle. */
public record Chat(Service service) {}
