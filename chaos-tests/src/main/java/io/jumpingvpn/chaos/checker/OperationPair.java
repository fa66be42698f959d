package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.History;
import io.jumpingvpn.chaos.history.Located;
import io.jumpingvpn.chaos.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Every line of one operation ({@code process} + {@code op_id}), in time order. A sound history has exactly one invoke
 * and at most one completion; this type can hold anything, so that the checker can say what is wrong.
 */
record OperationPair(String key, List<Located<Operation>> invokes, List<Located<Operation>> completions) {

    OperationPair {
        requireNonNull(key, "key");
        invokes = List.copyOf(invokes);
        completions = List.copyOf(completions);
    }

    /** The operations of a history in the order of their first line. */
    static List<OperationPair> of(History history) {
        var invokes = new LinkedHashMap<String, List<Located<Operation>>>();
        var completions = new LinkedHashMap<String, List<Located<Operation>>>();
        for (var located : history.events()) {
            if (located.value() instanceof Operation op) {
                invokes.computeIfAbsent(op.key(), key -> new ArrayList<>());
                var target = op.type().isCompletion() ? completions : invokes;
                target.computeIfAbsent(op.key(), key -> new ArrayList<>()).add(new Located<>(located.at(), op));
            }
        }
        var out = new ArrayList<OperationPair>(invokes.size());
        invokes.forEach(
                (key, lines) -> out.add(new OperationPair(key, lines, completions.getOrDefault(key, List.of()))));
        return out;
    }

    Optional<Located<Operation>> invoke() {
        return invokes.isEmpty() ? Optional.empty() : Optional.of(invokes.getFirst());
    }

    Optional<Located<Operation>> completion() {
        return completions.isEmpty() ? Optional.empty() : Optional.of(completions.getFirst());
    }

    /** The sound case: one invoke, one completion, in that order. */
    boolean isComplete() {
        return invokes.size() == 1
                && completions.size() == 1
                && completions.getFirst().value().monoNs()
                        >= invokes.getFirst().value().monoNs();
    }
}
