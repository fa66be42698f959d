package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.NodeId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * One node of the static membership list: its id and the endpoints at which agents reach it. Nodes use the list to
 * name a target in a REDIRECT (drain, migration); whether a member is alive comes from the store's node leases, never
 * from this list. Under sticky routing the list also decides which node owns a session ({@link Rendezvous}).
 *
 * @param endpoints where agents reach the node: {@code udp://} and {@code tcp://} endpoints with real ports (no 0)
 * @param admin where its admin API listens, if listed: sticky routing hands sessions to the node through it
 */
public record ClusterMember(NodeId node, List<ListenEndpoint> endpoints, Optional<AdminAddress> admin) {

    /** A member without an admin address. */
    public ClusterMember(NodeId node, List<ListenEndpoint> endpoints) {
        this(node, endpoints, Optional.empty());
    }

    public ClusterMember {
        requireNonNull(node, "node");
        requireNonNull(admin, "admin");
        if (endpoints == null || endpoints.isEmpty()) {
            throw new InvalidGatewayConfigException("members", "member " + node + " has no endpoint");
        }
        endpoints = List.copyOf(endpoints);
        var seen = new HashSet<ListenEndpoint>();
        for (var endpoint : endpoints) {
            if (endpoint.port() == 0) {
                throw new InvalidGatewayConfigException(
                        "members", "member " + node + ": " + endpoint + " has port 0; agents need the real port");
            }
            if (!seen.add(endpoint)) {
                throw new InvalidGatewayConfigException("members", "member " + node + " lists " + endpoint + " twice");
            }
        }
    }

    /**
     * Parses {@code ID=udp://HOST:PORT;tcp://HOST:PORT} (endpoints separated by {@code ;}), optionally with
     * {@code ;admin://HOST:PORT}, the node's admin API. Errors name the setting {@code members}.
     */
    public static ClusterMember parse(String text) {
        requireNonNull(text, "text");
        int equals = text.indexOf('=');
        if (equals <= 0 || equals == text.length() - 1) {
            throw new InvalidGatewayConfigException(
                    "members", "'" + text + "' must look like ID=udp://HOST:PORT;tcp://HOST:PORT");
        }
        NodeId node;
        try {
            node = new NodeId(text.substring(0, equals).strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidGatewayConfigException("members", "'" + text + "': " + e.getMessage());
        }
        var endpoints = new ArrayList<ListenEndpoint>();
        Optional<AdminAddress> admin = Optional.empty();
        for (var part : text.substring(equals + 1).split(";")) {
            if (part.isBlank()) {
                continue;
            }
            if (part.strip().startsWith("admin://")) {
                if (admin.isPresent()) {
                    throw new InvalidGatewayConfigException(
                            "members", "member " + node + " lists two admin:// addresses");
                }
                try {
                    admin = Optional.of(AdminAddress.parse(part.strip()));
                } catch (InvalidGatewayConfigException e) {
                    throw new InvalidGatewayConfigException("members", "member " + node + ": " + problemOf(e));
                }
                continue;
            }
            try {
                endpoints.add(ListenEndpoint.parse(part.strip()));
            } catch (InvalidGatewayConfigException e) {
                throw new InvalidGatewayConfigException("members", "member " + node + ": " + problemOf(e));
            }
        }
        return new ClusterMember(node, endpoints, admin);
    }

    private static String problemOf(InvalidGatewayConfigException e) {
        var message = e.getMessage();
        int at = message.indexOf("': ");
        return at < 0 ? message : message.substring(at + 3);
    }

    /** The endpoint to send an agent to: one of {@code preferred} if the member has it, else the first. */
    public ListenEndpoint endpointFor(TransportKind preferred) {
        requireNonNull(preferred, "preferred");
        return endpoint(preferred).orElse(endpoints.getFirst());
    }

    public Optional<ListenEndpoint> endpoint(TransportKind kind) {
        return endpoints.stream().filter(e -> e.kind() == kind).findFirst();
    }

    /** {@code endpoint} as a REDIRECT target. */
    public static Candidate candidate(ListenEndpoint endpoint) {
        requireNonNull(endpoint, "endpoint");
        var host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        return new Candidate(endpoint.kind(), host + ":" + endpoint.port());
    }

    @Override
    public String toString() {
        var text = new StringBuilder(node.value()).append('=');
        for (int i = 0; i < endpoints.size(); i++) {
            text.append(i == 0 ? "" : ";").append(endpoints.get(i));
        }
        admin.ifPresent(address -> text.append(';').append(address));
        return text.toString();
    }
}
