package io.jumpingvpn.deploy.cli;

/**
 * A failure the user can fix (bad flag value, unreachable store, missing file). The launcher prints its message as one
 * line, without a stack trace, and exits with {@link ExitCodes#USER_ERROR}.
 */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message, null, false, false);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
