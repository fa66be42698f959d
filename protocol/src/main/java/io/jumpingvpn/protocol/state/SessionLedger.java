package io.jumpingvpn.protocol.state;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.TerminationCode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One session's state and versions as one side (a gateway node or the agent) knows them, kept by the version rule of
 * the brief. Not thread-safe: one owner (an event loop, an actor) drives it.
 *
 * <p>It separates what is confirmed from what is only local:
 *
 * <ul>
 *   <li>{@link #confirmedVersion()} and {@link #confirmedState()}: the last commit this side knows of. On the gateway
 *       that is the store; on the agent, what the gateway told it. The agent signs this version in a reattach request;
 *       the gateway uses it as the expected version of its store commits.
 *   <li>{@link #pending()}: transitions detected while the transport was dead ({@link SessionEvent.Kind#LOCAL}), with
 *       tentative versions {@code confirmed + 1, confirmed + 2, ...}. They are never committed on their own: the next
 *       agent-proven commit (a reattach, which passes through RECOVERING) or the termination takes them along.
 *   <li>{@link #state()}: where the session is now, pending transitions included.
 * </ul>
 *
 * <p>Events go through {@link #on}: a LOCAL event is applied at once as pending; a COMMIT event (a live-transport
 * change, a reattach, the handshake) comes back as a {@link Step.Proposed proposal} and changes nothing until
 * {@link #commit} reports what the authority committed; a FINAL event terminates at once. Every version the other side
 * reports goes through {@link #commit}, {@link #adoptVersion} or {@link #observeVersion}: a version lower than the
 * highest seen is a regression (the store lost writes) and terminates the session with {@code STORE_STATE_LOST}.
 */
public final class SessionLedger {

    private SessionState confirmedState;
    private long confirmedVersion;
    private long highestSeen;
    private final List<Transition> pending = new ArrayList<>();
    private Transition lastCommitted;
    private TerminationCode terminationCode;
    private SessionEvent terminationEvent;

    private SessionLedger(SessionState state, long version) {
        this.confirmedState = state;
        this.confirmedVersion = version;
        this.highestSeen = version;
    }

    /** A session before its handshake: BIRTH, version 0. */
    public static SessionLedger birth() {
        return new SessionLedger(SessionState.BIRTH, 0);
    }

    /**
     * A session whose committed state and version are known (a store record read by a node that did not handle the
     * birth, or an agent that kept its state).
     */
    public static SessionLedger confirmed(SessionState state, long version) {
        requireNonNull(state, "state");
        if (state == SessionState.BIRTH || state == SessionState.TERMINATED) {
            throw new IllegalArgumentException("a confirmed session is live and past BIRTH, got " + state);
        }
        if (version < 1) {
            throw new IllegalArgumentException("a confirmed version is >= 1, got " + version);
        }
        return new SessionLedger(state, version);
    }

    /** The current state, pending transitions included. */
    public SessionState state() {
        if (terminationCode != null) {
            return SessionState.TERMINATED;
        }
        return pending.isEmpty() ? confirmedState : pending.getLast().to();
    }

    public SessionState confirmedState() {
        return confirmedState;
    }

    public long confirmedVersion() {
        return confirmedVersion;
    }

    /** The highest version the authority has reported; never lower than {@link #confirmedVersion()}. */
    public long highestSeenVersion() {
        return highestSeen;
    }

    public List<Transition> pending() {
        return List.copyOf(pending);
    }

    public boolean isTerminated() {
        return terminationCode != null;
    }

    public Optional<TerminationCode> terminationCode() {
        return Optional.ofNullable(terminationCode);
    }

    /** Applies one event. */
    public Step on(SessionEvent event) {
        requireNonNull(event, "event");
        return on(EnumSet.of(event));
    }

    /**
     * Applies coinciding events: only the highest-priority one the table accepts in the current state takes effect
     * (the others are superseded; detectors raise them again if they still hold).
     */
    public Step on(Set<SessionEvent> events) {
        requireNonNull(events, "events");
        if (isTerminated()) {
            return new Step.Ignored(
                    Step.Reason.ALREADY_TERMINATED, "the session is terminated (" + terminationCode + ")");
        }
        var current = state();
        var selected = StateTable.select(current, events);
        if (selected.isEmpty()) {
            return new Step.Ignored(
                    Step.Reason.NO_APPLICABLE_EVENT, "no event of " + events + " applies in " + current);
        }
        var event = selected.get();
        var to = StateTable.target(current, event).orElseThrow();
        long nextVersion = confirmedVersion + pending.size() + 1;
        return switch (event.kind()) {
            case LOCAL -> {
                var transition = new Transition(current, to, event, nextVersion, Transition.Status.LOCAL);
                pending.add(transition);
                yield new Step.Pending(transition);
            }
            case COMMIT ->
                new Step.Proposed(
                        new Transition(current, to, event, nextVersion, Transition.Status.PROPOSED), confirmedVersion);
            case FINAL -> terminate(event, current, nextVersion);
        };
    }

    private Step terminate(SessionEvent event, SessionState current, long version) {
        var transitions = new ArrayList<>(pending);
        transitions.add(new Transition(current, SessionState.TERMINATED, event, version, Transition.Status.LOCAL));
        pending.clear();
        terminationCode = event.terminationCode().orElseThrow();
        terminationEvent = event;
        return new Step.Terminated(transitions, terminationCode);
    }

    /**
     * Applies a transition the authority committed: the store's answer to a proposal on the gateway
     * ({@code proposal.committedAt(version)}), or on the agent a STATE_UPDATE commit, a HANDSHAKE_ACK (BIRTH to
     * ATTACHED) or a REATTACH_ACK (RECOVERING to ATTACHED, taking the pending transitions along).
     *
     * <p>A version below the highest seen, or a different transition at the confirmed version, is a regression: the
     * session terminates with {@code STORE_STATE_LOST}. The same commit again is ignored as a duplicate. A commit of the
     * termination itself records the version the store gave it.
     */
    public Step commit(Transition committed) {
        requireNonNull(committed, "committed");
        if (committed.status() != Transition.Status.COMMITTED) {
            throw new IllegalArgumentException("commit takes a COMMITTED transition, got " + committed.status()
                    + "; use proposal.committedAt(version)");
        }
        long version = committed.version();
        if (lastCommitted != null && version == lastCommitted.version()) {
            if (committed.equals(lastCommitted)) {
                return new Step.Ignored(Step.Reason.DUPLICATE, "version " + version + " was already committed");
            }
        }
        if (isTerminated()) {
            return commitTermination(committed);
        }
        if (version < highestSeen || version <= confirmedVersion) {
            return regression(version);
        }
        return switch (committed.event()) {
            case REATTACH_ACCEPTED -> commitReattach(committed);
            case HANDSHAKE_ACCEPTED -> commitHandshake(committed);
            default -> {
                if (committed.event().kind() == SessionEvent.Kind.FINAL) {
                    yield new Step.Ignored(
                            Step.Reason.NOT_APPLICABLE,
                            "a termination is applied with on(" + committed.event() + ") first");
                }
                yield commitLive(committed);
            }
        };
    }

    private Step commitTermination(Transition committed) {
        if (committed.to() != SessionState.TERMINATED || committed.event() != terminationEvent) {
            return new Step.Ignored(
                    Step.Reason.ALREADY_TERMINATED, "the session is terminated (" + terminationCode + ")");
        }
        if (committed.version() <= confirmedVersion) {
            return new Step.Ignored(
                    Step.Reason.NOT_APPLICABLE,
                    "termination version " + committed.version() + " is not above " + confirmedVersion);
        }
        confirmedVersion = committed.version();
        highestSeen = Math.max(highestSeen, confirmedVersion);
        confirmedState = SessionState.TERMINATED;
        lastCommitted = committed;
        return new Step.Committed(List.of(committed));
    }

    private Step commitHandshake(Transition committed) {
        if (confirmedState != SessionState.BIRTH) {
            return new Step.Ignored(Step.Reason.NOT_APPLICABLE, "the handshake is over (state " + state() + ")");
        }
        return apply(committed, List.of());
    }

    private Step commitReattach(Transition committed) {
        if (state() != SessionState.RECOVERING) {
            return new Step.Ignored(
                    Step.Reason.NOT_APPLICABLE, "a reattach commits from RECOVERING, the session is " + state());
        }
        // The reattach is the agent-proven commit that takes the pending transitions along. They get the versions
        // just below the committed one when the authority counted them; otherwise they stay LOCAL (not recorded).
        long oldVersion = confirmedVersion;
        int count = pending.size();
        boolean counted = committed.version() - oldVersion >= count + 1;
        var together = new ArrayList<Transition>(count);
        for (int i = 0; i < count; i++) {
            var transition = pending.get(i);
            together.add(
                    counted
                            ? transition.renumbered(committed.version() - count + i, Transition.Status.COMMITTED)
                            : transition);
        }
        pending.clear();
        return apply(committed, together);
    }

    private Step commitLive(Transition committed) {
        // A live-transport commit. If the transport died meanwhile, the pending transitions stay pending, rebased on
        // the new confirmed state and version.
        var result = apply(committed, List.of());
        rebasePending();
        return result;
    }

    private Step apply(Transition committed, List<Transition> together) {
        confirmedVersion = committed.version();
        confirmedState = committed.to();
        highestSeen = Math.max(highestSeen, confirmedVersion);
        lastCommitted = committed;
        var transitions = new ArrayList<>(together);
        transitions.add(committed);
        return new Step.Committed(transitions);
    }

    /**
     * Adopts the current version a signed, request-bound REATTACH_REJECT reported ({@code STALE_VERSION},
     * {@code OWNERSHIP_CONFLICT}), so that the agent can retry at it. The stored state at that version is unknown, so
     * the confirmed state is kept; the local state does not change.
     */
    public Step adoptVersion(long currentVersion) {
        if (isTerminated()) {
            return new Step.Ignored(
                    Step.Reason.ALREADY_TERMINATED, "the session is terminated (" + terminationCode + ")");
        }
        if (currentVersion < highestSeen) {
            return regression(currentVersion);
        }
        if (currentVersion == confirmedVersion) {
            return new Step.Ignored(Step.Reason.DUPLICATE, "version " + currentVersion + " is already confirmed");
        }
        long previous = confirmedVersion;
        confirmedVersion = currentVersion;
        highestSeen = currentVersion;
        rebasePending();
        return new Step.VersionAdopted(previous, currentVersion);
    }

    /**
     * Checks a version the other side merely reported (a HEARTBEAT_ACK, a TERMINATE): a regression terminates the
     * session; a higher version is remembered as seen (it does not change what is confirmed).
     */
    public Step observeVersion(long version) {
        if (isTerminated()) {
            return new Step.Ignored(
                    Step.Reason.ALREADY_TERMINATED, "the session is terminated (" + terminationCode + ")");
        }
        if (version < highestSeen) {
            return regression(version);
        }
        highestSeen = version;
        return new Step.Ignored(Step.Reason.DUPLICATE, "version " + version + " is not a regression");
    }

    private Step regression(long version) {
        var step = on(SessionEvent.VERSION_REGRESSION);
        if (step instanceof Step.Terminated terminated) {
            return terminated;
        }
        throw new IllegalStateException("version regression to " + version + " did not terminate: " + step);
    }

    private void rebasePending() {
        var previous = confirmedState;
        for (int i = 0; i < pending.size(); i++) {
            var transition = pending.get(i);
            var rebased = transition.from() == previous ? transition : rebaseFrom(transition, previous);
            pending.set(i, rebased.renumbered(confirmedVersion + i + 1, Transition.Status.LOCAL));
            previous = rebased.to();
        }
    }

    private static Transition rebaseFrom(Transition transition, SessionState newFrom) {
        // The chain must start where the confirmed state now is; if the table has no such step (the commit moved the
        // session somewhere the pending event does not apply), keep the original record.
        return StateTable.allows(newFrom, transition.event(), transition.to()) ? transition.from(newFrom) : transition;
    }

    @Override
    public String toString() {
        return "SessionLedger[state=" + state() + ", confirmed=" + confirmedState + "@" + confirmedVersion
                + ", pending=" + pending.size() + ", highestSeen=" + highestSeen
                + (terminationCode == null ? "" : ", terminated=" + terminationCode) + "]";
    }
}
