package io.jumpingvpn.gateway;

/**
 * The gateway could not start: an endpoint could not be bound, or the store refused to register the node. The message
 * is one line saying what and where; nothing started is left running.
 */
public final class GatewayStartException extends RuntimeException {

    public GatewayStartException(String message) {
        super(message);
    }

    public GatewayStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
