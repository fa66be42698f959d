package io.jumpingvpn.chaos.checker;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.AgentEventType;
import io.jumpingvpn.chaos.history.FaultEvent;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.Located;
import io.jumpingvpn.chaos.history.RunInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Invariant 5: after the last heal, every session that is not terminated is attached again (an attached line, an
 * accepted frame, or a state line to an attached state) within the liveness bound. A session that first appears after
 * the heal gets the bound from its first line. If the history ends before the bound has elapsed after the last heal,
 * the check is undecided.
 */
final class LivenessAfterHealCheck {

    private static final class Session {
        final String agent;
        final String session;
        final long firstMonoNs;
        final List<Located<AgentEvent>> lines = new ArrayList<>();
        Located<AgentEvent> terminated;

        Session(String agent, String session, long firstMonoNs) {
            this.agent = agent;
            this.session = session;
            this.firstMonoNs = firstMonoNs;
        }
    }

    private final CheckContext context;
    private final Findings findings = new Findings(Invariant.LIVENESS_AFTER_HEAL);

    LivenessAfterHealCheck(CheckContext context) {
        this.context = context;
    }

    InvariantResult check() {
        if (context.run().isEmpty()) {
            findings.unknown("run.json could not be read, so the liveness bound is unknown");
            return findings.result("nothing: no liveness bound");
        }
        var run = context.run().get();
        Optional<Located<Heal>> lastHeal = Optional.empty();
        Optional<Located<FaultEvent>> lastFault = Optional.empty();
        for (var located : context.history().events()) {
            if (located.value() instanceof Heal heal) {
                lastHeal = Optional.of(new Located<>(located.at(), heal));
            } else if (located.value() instanceof FaultEvent fault && fault.start()) {
                lastFault = Optional.of(new Located<>(located.at(), fault));
            }
        }
        long healMonoNs;
        String healText;
        if (lastHeal.isPresent()) {
            healMonoNs = lastHeal.get().value().monoNs();
            healText = "the last heal at " + context.at(healMonoNs) + " ("
                    + lastHeal.get().at() + ")";
        } else if (lastFault.isPresent()) {
            findings.unknown("faults were injected (the last "
                    + lastFault.get().value().fault() + " at " + lastFault.get().at() + ") but no heal was recorded");
            return findings.result("nothing: no heal");
        } else {
            healMonoNs = run.startMonoNs();
            healText = "the start of the run (no fault was injected)";
        }
        if (lastFault.isPresent() && lastFault.get().value().monoNs() > healMonoNs) {
            var fault = lastFault.get();
            findings.unknown("a " + fault.value().fault() + " fault started at "
                    + context.at(fault.value().monoNs()) + " (" + fault.at() + "), after " + healText
                    + ", and was never followed by a heal");
            return findings.result("nothing: the last fault was not healed");
        }
        long boundNs = run.livenessBoundMs() * 1_000_000L;
        if (context.endMonoNs() - healMonoNs < boundNs) {
            findings.unknown("the history ends " + Timebase.seconds(context.endMonoNs() - healMonoNs) + " after "
                    + healText + ", before the liveness bound of " + run.livenessBoundMs()
                    + " ms has elapsed: the runner must leave at least that much quiet time");
            return findings.result("nothing: the history ends too early");
        }
        int judged = judge(sessions(), healMonoNs, healText, boundNs, run);
        return findings.result(
                judged + " sessions alive after " + healText + ", bound " + run.livenessBoundMs() + " ms");
    }

    private LinkedHashMap<String, Session> sessions() {
        var sessions = new LinkedHashMap<String, Session>();
        for (var located : context.history().agentEvents()) {
            var event = located.value();
            var session = sessions.computeIfAbsent(
                    event.agent() + "|" + event.session(),
                    key -> new Session(event.agent(), event.session(), event.monoNs()));
            session.lines.add(located);
            if (event.event() == AgentEventType.TERMINATED && session.terminated == null) {
                session.terminated = located;
            }
        }
        return sessions;
    }

    private int judge(
            LinkedHashMap<String, Session> sessions, long healMonoNs, String healText, long boundNs, RunInfo run) {
        int judged = 0;
        for (var session : sessions.values()) {
            if (session.terminated != null && session.terminated.value().monoNs() <= healMonoNs) {
                continue;
            }
            judged++;
            long from = Math.max(healMonoNs, session.firstMonoNs);
            long deadline = from + boundNs;
            boolean attached = session.lines.stream()
                    .map(Located::value)
                    .anyMatch(event -> event.monoNs() >= from && event.monoNs() <= deadline && attaches(event));
            if (attached) {
                continue;
            }
            if (session.terminated != null && session.terminated.value().monoNs() <= deadline) {
                continue;
            }
            if (context.endMonoNs() < deadline) {
                findings.unknown("session " + session.session + " first appeared at " + context.at(from)
                        + " and the history ends before its bound elapsed");
                continue;
            }
            var evidence = new ArrayList<Evidence>();
            lastBefore(session, deadline)
                    .ifPresentOrElse(
                            last -> evidence.add(Evidence.line(
                                    last.at(),
                                    last.value().monoNs(),
                                    "last line before the deadline: " + Lines.describe(last.value()))),
                            () -> evidence.add(Evidence.note("no line of this session before the deadline")));
            firstAttachedAfter(session, deadline)
                    .ifPresent(late -> evidence.add(Evidence.line(
                            late.at(),
                            late.value().monoNs(),
                            "attached only at " + context.at(late.value().monoNs()) + ": "
                                    + Lines.describe(late.value()))));
            findings.violation(new Counterexample(
                    "session " + session.session + " (" + session.agent + ") was not attached between "
                            + context.at(from) + " and " + context.at(deadline) + " (" + run.livenessBoundMs()
                            + " ms after " + (from == healMonoNs ? healText : "its first line") + ")",
                    Optional.of(session.session),
                    deadline,
                    evidence));
        }
        return judged;
    }

    private static boolean attaches(AgentEvent event) {
        return switch (event.event()) {
            case ATTACHED, ACCEPT -> true;
            case STATE -> event.state().orElseThrow().isAttached();
            case REJECT_FRAME, TERMINATED -> false;
        };
    }

    private static Optional<Located<AgentEvent>> lastBefore(Session session, long deadline) {
        Located<AgentEvent> last = null;
        for (var line : session.lines) {
            if (line.value().monoNs() > deadline) {
                break;
            }
            last = line;
        }
        return Optional.ofNullable(last);
    }

    private static Optional<Located<AgentEvent>> firstAttachedAfter(Session session, long deadline) {
        return session.lines.stream()
                .filter(line -> line.value().monoNs() > deadline && attaches(line.value()))
                .findFirst();
    }
}
