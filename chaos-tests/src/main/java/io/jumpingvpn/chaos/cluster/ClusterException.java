package io.jumpingvpn.chaos.cluster;

/** The cluster of a chaos run could not be started or driven; the message is one line saying what and where. */
public final class ClusterException extends RuntimeException {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
