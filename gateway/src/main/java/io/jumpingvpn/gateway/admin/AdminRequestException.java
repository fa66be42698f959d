package io.jumpingvpn.gateway.admin;

/** A request the admin API refuses: its status (4xx) and one line saying why. */
final class AdminRequestException extends RuntimeException {

    private final int status;

    AdminRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
