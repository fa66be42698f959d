package io.jumpingvpn.testkit.redis;

import java.util.List;

/** What a server keeps on disk, and so what survives {@link RedisServer#restart(boolean) restart(true)}. */
public enum Persistence {

    /** Nothing: {@code save ""}, no AOF. Fastest; a restart always comes back empty. */
    NONE(List.of("save \"\"", "appendonly no")),

    /**
     * An RDB snapshot written when the server is stopped gracefully (SIGTERM) and at most hourly otherwise: a
     * {@link RedisServer#stop() stop} keeps every write, a {@link RedisServer#kill() kill} loses them.
     */
    RDB(List.of("save \"3600 1\"", "appendonly no")),

    /** An append-only file fsynced on every write: data survives even SIGKILL. */
    AOF(List.of("save \"\"", "appendonly yes", "appendfsync always"));

    private final List<String> configLines;

    Persistence(List<String> configLines) {
        this.configLines = configLines;
    }

    List<String> configLines() {
        return configLines;
    }
}
