package dev.cozebridge.agent.coze;

import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A sink that records every event a run delivers, for assertions. */
final class EventRecorder implements Consumer<AgentEvent> {
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(AgentEvent event) {
        events.add(event);
    }

    List<AgentEvent> events() {
        return List.copyOf(events);
    }

    <T extends AgentEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<AgentEvent> terminals() {
        return events.stream()
                .filter(e -> e instanceof AgentEvent.Finished || e instanceof AgentEvent.Failed)
                .toList();
    }

    /** Waits for the terminal event and returns it. */
    AgentEvent awaitTerminal(Duration atMost) {
        await().atMost(atMost).until(() -> !terminals().isEmpty());
        return terminals().getFirst();
    }

    AgentFailure awaitFailure() {
        AgentEvent terminal = awaitTerminal(Duration.ofSeconds(10));
        if (!(terminal instanceof AgentEvent.Failed failed)) {
            throw new AssertionError("expected a failure but the run ended with " + events);
        }
        return failed.failure();
    }

    /** The text the deltas built. */
    String deltaText() {
        return ofType(AgentEvent.TextDelta.class).stream()
                .map(AgentEvent.TextDelta::text)
                .collect(Collectors.joining());
    }
}
