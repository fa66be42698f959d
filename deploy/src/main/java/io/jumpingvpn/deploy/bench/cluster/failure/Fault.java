package io.jumpingvpn.deploy.bench.cluster.failure;

import io.jumpingvpn.deploy.cli.UserError;

/** How the node fails. */
public enum Fault {
    /**
     * SIGKILL: the process is gone, its sockets closed; on this host the agents' next datagrams to it are answered by
     * ICMP port unreachable, which they take as a dead transport at once (a crashed process on a live host).
     */
    KILL("kill"),
    /**
     * SIGSTOP, then SIGKILL once the run is over: nothing answers and nothing refuses, so the agents notice only by
     * the silence of their heartbeats (a host or network that vanished).
     */
    SILENCE("silence");

    private final String label;

    Fault(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {@code kill} or {@code silence}. */
    public static Fault parse(String text) {
        for (var fault : values()) {
            if (fault.label.equals(text.strip())) {
                return fault;
            }
        }
        throw new UserError("--fault must be kill or silence, got '" + text + "'");
    }
}
