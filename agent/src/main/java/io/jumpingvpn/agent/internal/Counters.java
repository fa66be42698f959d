package io.jumpingvpn.agent.internal;

import io.jumpingvpn.agent.AgentStatus;
import java.util.concurrent.atomic.AtomicLong;

/** An agent's running totals: written on its loop, read by {@code status()} from any thread. */
final class Counters {

    final AtomicLong reattaches = new AtomicLong();
    final AtomicLong switches = new AtomicLong();
    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong framesReceived = new AtomicLong();
    final AtomicLong framesRejected = new AtomicLong();
    final AtomicLong malformedDropped = new AtomicLong();
    final AtomicLong dataSent = new AtomicLong();
    final AtomicLong dataReceived = new AtomicLong();
    final AtomicLong localDropped = new AtomicLong();

    AgentStatus.Counts snapshot(long historyDropped) {
        return new AgentStatus.Counts(
                reattaches.get(),
                switches.get(),
                framesSent.get(),
                framesReceived.get(),
                framesRejected.get(),
                malformedDropped.get(),
                dataSent.get(),
                dataReceived.get(),
                localDropped.get(),
                historyDropped);
    }
}
