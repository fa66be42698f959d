package io.jumpingvpn.cluster;

import io.jumpingvpn.gateway.Gateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples the nodes' own tables while a test runs, looking for a session forwarded by two nodes at once. Reading
 * several nodes is never one instant, so a sample is three passes over all nodes: a session that node X forwards at
 * the same attachment in the first and the third pass was forwarded by X during the whole second pass (an attachment
 * that stopped forwarding for a hand-over never forwards again), so another node forwarding it in the second pass is
 * a real overlap, not an artefact of reading at different times.
 */
final class ForwardingSampler implements AutoCloseable {

    private final List<Gateway> nodes;
    private final Thread thread;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private volatile long samples;

    ForwardingSampler(List<Gateway> nodes) {
        this.nodes = List.copyOf(nodes);
        this.thread =
                Thread.ofPlatform().name("forwarding-sampler").daemon(true).start(this::loop);
    }

    private void loop() {
        while (!stopped) {
            var first = pass();
            var second = pass();
            var third = pass();
            for (int x = 0; x < nodes.size(); x++) {
                for (var entry : first.get(x).entrySet()) {
                    var session = entry.getKey();
                    if (!entry.getValue().equals(third.get(x).get(session))) {
                        continue;
                    }
                    for (int y = 0; y < nodes.size(); y++) {
                        if (y != x && second.get(y).containsKey(session)) {
                            violations.add("session " + session + " forwarded by "
                                    + nodes.get(x).nodeRef() + " (v"
                                    + entry.getValue() + ") and by "
                                    + nodes.get(y).nodeRef() + " (v"
                                    + second.get(y).get(session) + ") at once");
                        }
                    }
                }
            }
            samples++;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** For every node, the sessions it forwards now, with their attachment versions. */
    private List<Map<String, Long>> pass() {
        var pass = new ArrayList<Map<String, Long>>();
        for (var node : nodes) {
            var forwarding = new HashMap<String, Long>();
            for (var view : node.sessions()) {
                if (view.forwarding()) {
                    forwarding.put(view.id().value(), view.attachment());
                }
            }
            pass.add(forwarding);
        }
        return pass;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long samples() {
        return samples;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
