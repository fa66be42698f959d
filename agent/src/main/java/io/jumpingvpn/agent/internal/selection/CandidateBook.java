package io.jumpingvpn.agent.internal.selection;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.internal.quality.LinkQuality;
import io.jumpingvpn.protocol.wire.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway candidates an agent knows and what it remembers of each: the last numbers measured while the candidate
 * carried the session, or the instant its transport died or its reattach went unanswered. Memories older than
 * {@code memoryNanos} are forgotten, and the candidate ranks with neutral numbers again ({@link CandidateScore#neutral}).
 * Candidates are never probed: the protocol has no frame to measure a path without reattaching over it, so a candidate
 * that has not carried the session is ranked on neutral numbers (no loss seen, latency unknown), which puts it after
 * every candidate that proved itself with the same loss and before every candidate that just failed. Pure; not
 * thread-safe.
 */
public final class CandidateBook {

    /** Redirect targets learned at run time, beyond the configured candidates; bounded so a peer cannot grow it. */
    public static final int MAX_LEARNED = 32;

    private record Memory(CandidateScore score, long atNanos) {}

    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Memory> memories = new ArrayList<>();
    private final int configured;
    private final long memoryNanos;

    public CandidateBook(List<Candidate> configured, long memoryNanos) {
        requireNonNull(configured, "configured");
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("at least one candidate is needed");
        }
        if (memoryNanos < 1) {
            throw new IllegalArgumentException("memoryNanos must be positive, got " + memoryNanos);
        }
        for (var candidate : configured) {
            add(requireNonNull(candidate, "candidate"));
        }
        this.configured = candidates.size();
        this.memoryNanos = memoryNanos;
    }

    private int add(Candidate candidate) {
        candidates.add(candidate);
        memories.add(null);
        return candidates.size() - 1;
    }

    public int size() {
        return candidates.size();
    }

    public Candidate candidate(int transportId) {
        return candidates.get(transportId);
    }

    public Optional<Integer> idOf(Candidate candidate) {
        int index = candidates.indexOf(requireNonNull(candidate, "candidate"));
        return index < 0 ? Optional.empty() : Optional.of(index);
    }

    /**
     * The id of {@code candidate}, adding it (a redirect target) if it is new; empty when the learned candidates are at
     * their bound.
     */
    public Optional<Integer> learn(Candidate candidate) {
        var known = idOf(candidate);
        if (known.isPresent()) {
            return known;
        }
        if (candidates.size() - configured >= MAX_LEARNED) {
            return Optional.empty();
        }
        return Optional.of(add(candidate));
    }

    /** Remembers what candidate {@code transportId} measured while it carried the session. */
    public void measured(int transportId, LinkQuality quality, long stableNanos, long nowNanos) {
        requireNonNull(quality, "quality");
        var score = new CandidateScore(
                transportId,
                quality.loss(),
                quality.meanRttNanos().orElse(CandidateScore.UNKNOWN_LATENCY),
                Math.max(0, stableNanos));
        memories.set(transportId, new Memory(score, nowNanos));
    }

    /** Remembers that candidate {@code transportId} failed at {@code nowNanos}. */
    public void failed(int transportId, long nowNanos) {
        memories.set(transportId, new Memory(CandidateScore.failed(transportId), nowNanos));
    }

    /** What candidate {@code transportId} ranks by at {@code nowNanos}. */
    public CandidateScore score(int transportId, long nowNanos) {
        var memory = memories.get(transportId);
        if (memory == null || nowNanos - memory.atNanos() >= memoryNanos) {
            return CandidateScore.neutral(transportId);
        }
        return memory.score();
    }

    /** Every candidate, best first. */
    public List<CandidateScore> ranked(long nowNanos) {
        var scores = new ArrayList<CandidateScore>(candidates.size());
        for (int id = 0; id < candidates.size(); id++) {
            scores.add(score(id, nowNanos));
        }
        return CandidateRanking.rank(scores);
    }

    /**
     * The best candidate not in {@code exclude}; the best of all when every candidate is excluded. A recovery passes
     * the candidates it already tried, so that it goes round all of them in rank order before trying one again.
     */
    public int best(Set<Integer> exclude, long nowNanos) {
        requireNonNull(exclude, "exclude");
        var ranked = ranked(nowNanos);
        return ranked.stream()
                .filter(score -> !exclude.contains(score.transportId()))
                .findFirst()
                .orElse(ranked.getFirst())
                .transportId();
    }
}
