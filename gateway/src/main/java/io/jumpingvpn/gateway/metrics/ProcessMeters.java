package io.jumpingvpn.gateway.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Map;

/**
 * The process-wide meters an operator expects next to the node's own: JVM memory, GC, threads, class loading, CPU,
 * uptime, and Netty's pooled allocator (the data path's buffers). Bound once per registry; {@link #close()} releases
 * what needs releasing (the GC listener).
 */
public final class ProcessMeters implements AutoCloseable {

    private final JvmGcMetrics gc;

    private ProcessMeters(JvmGcMetrics gc) {
        this.gc = gc;
    }

    /**
     * Binds the meters to {@code registry}, with filters that make them pass {@code promtool check metrics}: base units
     * and help for Netty's allocator gauges, no CPU time in nanoseconds (abbreviated unit; {@code process_cpu_usage}
     * stays), and {@code system.cpu.count} named {@code system.cpus} (a gauge must not end in {@code _count}).
     */
    public static ProcessMeters bindTo(MeterRegistry registry) {
        requireNonNull(registry, "registry");
        registry.config()
                .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return ProcessMeters.map(id);
                    }
                });
        new JvmMemoryMetrics().bindTo(registry);
        var gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
        return new ProcessMeters(gc);
    }

    static Meter.Id map(Meter.Id id) {
        var name = id.getName();
        if (name.equals("system.cpu.count")) {
            return id.withName("system.cpus");
        }
        if (!name.startsWith("netty.allocator.")) {
            return id;
        }
        var description = NETTY_HELP.get(name);
        var unit = name.startsWith("netty.allocator.memory.") || name.equals("netty.allocator.pooled.chunk.size")
                ? "bytes"
                : id.getBaseUnit();
        return new Meter.Id(
                name,
                Tags.of(id.getTags()),
                unit,
                description != null ? description : id.getDescription(),
                id.getType());
    }

    private static final Map<String, String> NETTY_HELP = Map.of(
            "netty.allocator.memory.used", "memory Netty's allocator holds, by memory type",
            "netty.allocator.memory.pinned", "memory of Netty's allocator pinned by buffers in use, by memory type",
            "netty.allocator.pooled.arenas", "arenas of Netty's pooled allocator, by memory type",
            "netty.allocator.pooled.cache.size", "thread-local cache sizes of Netty's pooled allocator, by cache type",
            "netty.allocator.pooled.chunk.size", "chunk size of Netty's pooled allocator",
            "netty.allocator.pooled.threadlocal.caches", "thread-local caches of Netty's pooled allocator");

    @Override
    public void close() {
        gc.close();
    }
}
