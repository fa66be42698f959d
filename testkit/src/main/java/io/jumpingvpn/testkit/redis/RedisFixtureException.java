package io.jumpingvpn.testkit.redis;

/**
 * A Redis fixture could not do what it was asked: the binary is missing, a server did not start or did not become
 * ready, a topology did not converge. The first line of the message says what and where; a log tail may follow.
 */
public final class RedisFixtureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisFixtureException(String message) {
        super(message);
    }

    public RedisFixtureException(String message, Throwable cause) {
        super(message, cause);
    }
}
