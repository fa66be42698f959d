package io.jumpingvpn.testkit.redis;

/**
 * Run in a child JVM by {@link ShutdownHookIntegrationTests}: starts a server, prints its PID and directory, and exits
 * without closing it, as a crashed test class would.
 */
final class ForgetfulMain {

    private ForgetfulMain() {}

    public static void main(String[] args) {
        RedisServer server = RedisServer.start();
        System.out.println("pid=" + server.pid());
        System.out.println("dir=" + server.workDir());
        System.out.flush();
    }
}
