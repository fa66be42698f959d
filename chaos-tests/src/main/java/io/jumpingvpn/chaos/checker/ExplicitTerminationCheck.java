package io.jumpingvpn.chaos.checker;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.Located;
import io.jumpingvpn.chaos.history.OpType;
import io.jumpingvpn.chaos.history.SessionStateName;
import io.jumpingvpn.chaos.history.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Invariant 4: a session that stops being attached ends in a {@code terminated} line with a termination code, or is
 * attached when the history ends; after its termination it is never attached, accepting frames, or reattached again.
 *
 * <p>A session caught between (RECOVERING, say) when the history ends is a violation if it had been so for longer than
 * the liveness bound, and undecided otherwise: the runner must leave enough quiet time at the end.
 */
final class ExplicitTerminationCheck {

    private static final Set<String> ATTACHING_OPS = Set.of("attach", "reattach");

    /** What is known about one session on the agent side. */
    private static final class Session {
        final String agent;
        final String session;
        Optional<SessionStateName> state = Optional.empty();
        long sinceMonoNs;
        Located<AgentEvent> lastStateLine;
        boolean accepted;
        Located<AgentEvent> terminated;
        Located<AgentEvent> resumed;
        int resumptions;

        Session(String agent, String session, Located<AgentEvent> first) {
            this.agent = agent;
            this.session = session;
            this.sinceMonoNs = first.value().monoNs();
            this.lastStateLine = first;
        }
    }

    private final CheckContext context;
    private final List<OperationPair> operations;
    private final Findings findings = new Findings(Invariant.EXPLICIT_TERMINATION);

    ExplicitTerminationCheck(CheckContext context, List<OperationPair> operations) {
        this.context = context;
        this.operations = operations;
    }

    InvariantResult check() {
        Map<String, Session> sessions = new LinkedHashMap<>();
        for (var located : context.history().agentEvents()) {
            var event = located.value();
            var session = sessions.computeIfAbsent(
                    event.agent() + "|" + event.session(), key -> new Session(event.agent(), event.session(), located));
            follow(session, located);
        }
        int terminated = 0;
        for (var session : sessions.values()) {
            if (session.terminated != null) {
                terminated++;
                terminationCode(session);
                if (session.resumed != null) {
                    resumedAtAgent(session);
                }
            } else {
                unterminatedEnd(session);
            }
        }
        int reattached = resumedInStore(sessions);
        return findings.result(sessions.size() + " sessions, " + terminated + " terminated, "
                + (sessions.size() - terminated) + " not terminated; " + reattached
                + " attach/reattach operations checked against terminations");
    }

    private static void follow(Session session, Located<AgentEvent> located) {
        var event = located.value();
        if (session.terminated != null) {
            boolean resumes =
                    switch (event.event()) {
                        case ATTACHED, ACCEPT -> true;
                        case STATE -> event.state().orElseThrow().isAttached();
                        case REJECT_FRAME, TERMINATED -> false;
                    };
            if (resumes) {
                session.resumptions++;
                if (session.resumed == null) {
                    session.resumed = located;
                }
            }
            return;
        }
        switch (event.event()) {
            case ATTACHED -> enter(session, SessionStateName.ATTACHED, located);
            case STATE -> enter(session, event.state().orElseThrow(), located);
            case ACCEPT -> session.accepted = true;
            case TERMINATED -> session.terminated = located;
            case REJECT_FRAME -> {}
        }
    }

    private static void enter(Session session, SessionStateName state, Located<AgentEvent> located) {
        if (session.state.isPresent() && session.state.get() == state) {
            return;
        }
        session.state = Optional.of(state);
        session.sinceMonoNs = located.value().monoNs();
        session.lastStateLine = located;
    }

    private void terminationCode(Session session) {
        var line = session.terminated;
        var code = line.value().code();
        if (code.isPresent() && Codes.TERMINATION.contains(code.get())) {
            return;
        }
        var what = code.map(value -> "with '" + Text.printable(value) + "', which is not a termination code")
                .orElse("without a termination code");
        findings.violation(new Counterexample(
                session.agent + " terminated session " + session.session + " at "
                        + context.at(line.value().monoNs()) + " " + what,
                Optional.of(session.session),
                line.value().monoNs(),
                List.of(Evidence.line(line.at(), line.value().monoNs(), "terminated " + what))));
    }

    private void resumedAtAgent(Session session) {
        var end = session.terminated;
        var again = session.resumed.value();
        int more = session.resumptions - 1;
        findings.violation(new Counterexample(
                "session " + session.session + " was terminated at "
                        + context.at(end.value().monoNs()) + " but "
                        + session.agent + " resumed it at " + context.at(again.monoNs()) + " (" + Lines.describe(again)
                        + ")"
                        + (more > 0 ? "; " + more + " more lines after that" : ""),
                Optional.of(session.session),
                again.monoNs(),
                List.of(
                        Evidence.line(
                                end.at(),
                                end.value().monoNs(),
                                "terminated"
                                        + end.value()
                                                .code()
                                                .map(code -> " " + code)
                                                .orElse("")),
                        Evidence.line(session.resumed.at(), again.monoNs(), Lines.describe(again)))));
    }

    private void unterminatedEnd(Session session) {
        boolean attached = session.state.map(SessionStateName::isAttached).orElse(session.accepted);
        if (attached) {
            return;
        }
        var state = session.state.map(Enum::name).orElse("no known state");
        if (session.state.isPresent() && session.state.get() == SessionStateName.TERMINATED) {
            findings.violation(new Counterexample(
                    session.agent + " moved session " + session.session + " to TERMINATED at "
                            + context.at(session.sinceMonoNs) + " without a terminated line carrying its code",
                    Optional.of(session.session),
                    session.sinceMonoNs,
                    List.of(Evidence.line(session.lastStateLine.at(), session.sinceMonoNs, "state TERMINATED"))));
            return;
        }
        var bound = context.livenessBoundNs();
        long stuckNs = context.endMonoNs() - session.sinceMonoNs;
        if (bound.isEmpty() || stuckNs <= bound.get()) {
            findings.unknown("session " + session.session + " (" + session.agent + ") was in " + state + " since "
                    + context.at(session.sinceMonoNs) + ", only " + Timebase.seconds(stuckNs)
                    + " before the history ended: neither attached nor terminated yet");
            return;
        }
        findings.violation(new Counterexample(
                "session " + session.session + " (" + session.agent + ") was in " + state + " from "
                        + context.at(session.sinceMonoNs) + " until the history ended " + Timebase.seconds(stuckNs)
                        + " later, neither attached nor terminated with a code",
                Optional.of(session.session),
                session.sinceMonoNs,
                List.of(Evidence.line(
                        session.lastStateLine.at(),
                        session.sinceMonoNs,
                        "last state line: " + Lines.describe(session.lastStateLine.value())))));
    }

    /** A terminated session that the runner then attached or reattached successfully: the store resumed it. */
    private int resumedInStore(Map<String, Session> sessions) {
        var terminatedAt = new HashMap<String, Located<AgentEvent>>();
        for (var session : sessions.values()) {
            if (session.terminated != null) {
                terminatedAt.merge(
                        session.session,
                        session.terminated,
                        (a, b) -> a.value().monoNs() <= b.value().monoNs() ? a : b);
            }
        }
        int checked = 0;
        for (var operation : operations) {
            if (!operation.isComplete()) {
                continue;
            }
            var invoke = operation.invoke().orElseThrow();
            var completion = operation.completion().orElseThrow();
            var op = invoke.value();
            if (!ATTACHING_OPS.contains(op.op()) || op.session().isEmpty()) {
                continue;
            }
            checked++;
            var ended = terminatedAt.get(op.session().get());
            if (completion.value().type() != OpType.OK
                    || ended == null
                    || op.monoNs() < ended.value().monoNs()) {
                continue;
            }
            var evidence = new ArrayList<Evidence>();
            evidence.add(Evidence.line(ended.at(), ended.value().monoNs(), "terminated"));
            evidence.add(Evidence.line(invoke.at(), op.monoNs(), "invoke " + op.op()));
            evidence.add(Evidence.line(completion.at(), completion.value().monoNs(), op.op() + " ok"));
            findings.violation(new Counterexample(
                    "session " + op.session().get() + " was terminated at "
                            + context.at(ended.value().monoNs())
                            + " but a later " + op.op() + " by " + op.process() + " succeeded at "
                            + context.at(completion.value().monoNs()),
                    op.session(),
                    completion.value().monoNs(),
                    evidence));
        }
        return checked;
    }
}
