package dev.cozebridge.platform.http;

import dev.cozebridge.config.HttpSettings.ModelAlias;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Model ids to bots. Every bot name is a model; an alias is a model served by several bots, which take turns
 * (round-robin per alias). {@link #candidates} gives the bots to try in order: the first is this request's turn,
 * the rest are the failover order.
 */
final class ModelRouter {
    private final Map<String, HttpBot> bots;
    private final Map<String, List<HttpBot>> aliases = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> turns = new LinkedHashMap<>();

    ModelRouter(Map<String, HttpBot> bots, List<ModelAlias> aliasSettings) {
        this.bots = Map.copyOf(bots);
        for (ModelAlias alias : aliasSettings) {
            if (bots.containsKey(alias.model())) {
                throw new IllegalArgumentException(
                        "http alias '" + alias.model() + "' has the name of a bot; rename the alias");
            }
            if (alias.bots().isEmpty()) {
                throw new IllegalArgumentException("http alias '" + alias.model() + "' lists no bots");
            }
            List<HttpBot> members = new ArrayList<>();
            for (String name : alias.bots()) {
                HttpBot bot = bots.get(name);
                if (bot == null) {
                    throw new IllegalArgumentException(
                            "http alias '" + alias.model() + "' names an unknown bot '" + name + "'");
                }
                members.add(bot);
            }
            aliases.put(alias.model(), List.copyOf(members));
            turns.put(alias.model(), new AtomicInteger());
        }
    }

    /** Bot names then alias names, in a stable order. */
    List<String> models() {
        List<String> models = new ArrayList<>(bots.keySet().stream().sorted().toList());
        models.addAll(aliases.keySet());
        return models;
    }

    /**
     * @throws ApiError 404 when no bot or alias has this name
     */
    List<HttpBot> candidates(String model) {
        HttpBot bot = bots.get(model);
        if (bot != null) {
            return List.of(bot);
        }
        List<HttpBot> members = aliases.get(model);
        if (members == null) {
            throw ApiError.unknownModel(model);
        }
        int first = Math.floorMod(turns.get(model).getAndIncrement(), members.size());
        List<HttpBot> ordered = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            ordered.add(members.get((first + i) % members.size()));
        }
        return ordered;
    }
}
