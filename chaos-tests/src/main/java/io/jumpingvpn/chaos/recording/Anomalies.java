package io.jumpingvpn.chaos.recording;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the runner saw go wrong on its own side, as it happened: a race with more than one acknowledgement, a replayed
 * request that was accepted, a version that went down at an agent. These are the "obvious" violations the progress line
 * counts while the run goes on; the verdict is still the checker's, from the history files alone.
 */
public final class Anomalies {

    private final AtomicLong racesWithSeveralWinners = new AtomicLong();
    private final AtomicLong replaysAccepted = new AtomicLong();
    private final AtomicLong versionRegressions = new AtomicLong();

    public void severalWinners() {
        racesWithSeveralWinners.incrementAndGet();
    }

    public void replayAccepted() {
        replaysAccepted.incrementAndGet();
    }

    public void versionRegression() {
        versionRegressions.incrementAndGet();
    }

    public long racesWithSeveralWinners() {
        return racesWithSeveralWinners.get();
    }

    public long replaysAccepted() {
        return replaysAccepted.get();
    }

    public long versionRegressions() {
        return versionRegressions.get();
    }

    public long total() {
        return racesWithSeveralWinners() + replaysAccepted() + versionRegressions();
    }

    @Override
    public String toString() {
        return "races with several winners " + racesWithSeveralWinners() + ", replays accepted " + replaysAccepted()
                + ", version regressions seen by agents " + versionRegressions();
    }
}
