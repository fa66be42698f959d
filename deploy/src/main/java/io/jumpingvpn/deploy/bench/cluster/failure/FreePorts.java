package io.jumpingvpn.deploy.bench.cluster.failure;

import io.jumpingvpn.deploy.cli.UserError;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** UDP ports on 127.0.0.1 that were free a moment ago, for processes that must be told their port up front. */
final class FreePorts {

    private FreePorts() {}

    static List<Integer> udp(int count) {
        var ports = new ArrayList<Integer>();
        for (int attempt = 0; attempt < 100 && ports.size() < count; attempt++) {
            try (var socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                if (!ports.contains(socket.getLocalPort())) {
                    ports.add(socket.getLocalPort());
                }
            } catch (IOException e) {
                throw new UserError("cannot find a free UDP port on 127.0.0.1: " + e.getMessage(), e);
            }
        }
        if (ports.size() < count) {
            throw new UserError("cannot find " + count + " free UDP ports on 127.0.0.1");
        }
        return ports;
    }
}
