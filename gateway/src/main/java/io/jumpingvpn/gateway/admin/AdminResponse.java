package io.jumpingvpn.gateway.admin;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** An answer of the admin API: an HTTP status and a JSON body. */
record AdminResponse(int status, Map<String, Object> body) {

    AdminResponse {
        requireNonNull(body, "body");
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    static AdminResponse ok(Map<String, Object> body) {
        return new AdminResponse(200, body);
    }

    static AdminResponse error(int status, String message) {
        return new AdminResponse(status, AdminJson.error(message));
    }
}
