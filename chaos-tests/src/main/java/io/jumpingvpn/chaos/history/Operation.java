package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * An operation line of {@code history.jsonl}. An invoke is completed by exactly one ok, fail or info line with the
 * same {@code process} and {@code opId}.
 *
 * <p>A fail without a code is representable on purpose: it is a violation the checker reports, not a line it cannot
 * read.
 *
 * @param process the runner process that did it ({@code agent-7}, ...)
 * @param op what was done ({@code attach}, {@code reattach}, {@code terminate}, ...)
 * @param opId unique per process
 * @param expectedVersion the version the request expected (invokes)
 * @param version the version the operation produced or observed (ok)
 * @param code the reject code (fail), or a reason for info
 */
public record Operation(
        long monoNs,
        OpType type,
        String process,
        String op,
        long opId,
        Optional<String> session,
        Optional<String> node,
        OptionalLong expectedVersion,
        OptionalLong version,
        Optional<String> code,
        Optional<String> detail)
        implements HistoryEvent {

    public Operation {
        Text.nonNegative(monoNs, "mono_ns");
        requireNonNull(type, "type");
        Text.token(process, "process");
        Text.token(op, "op");
        Text.nonNegative(opId, "op_id");
        requireNonNull(session, "session").ifPresent(value -> Text.token(value, "session"));
        requireNonNull(node, "node").ifPresent(value -> Text.token(value, "node"));
        requireNonNull(expectedVersion, "expectedVersion")
                .ifPresent(value -> Text.nonNegative(value, "expected_version"));
        requireNonNull(version, "version").ifPresent(value -> Text.nonNegative(value, "version"));
        requireNonNull(code, "code").ifPresent(value -> Text.free(value, "code"));
        requireNonNull(detail, "detail").ifPresent(value -> Text.free(value, "detail"));
    }

    public static Operation invoke(long monoNs, String process, String op, long opId) {
        return of(OpType.INVOKE, monoNs, process, op, opId);
    }

    public static Operation of(OpType type, long monoNs, String process, String op, long opId) {
        return new Operation(
                monoNs,
                type,
                process,
                op,
                opId,
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** The ok completion of this invoke: same process, op, op id, session and node. */
    public Operation ok(long atMonoNs, long resultVersion) {
        return completion(OpType.OK, atMonoNs).withVersion(resultVersion);
    }

    /** The fail completion of this invoke with its reject code. */
    public Operation fail(long atMonoNs, String rejectCode) {
        return completion(OpType.FAIL, atMonoNs).withCode(rejectCode);
    }

    /** The unknown-outcome completion of this invoke. */
    public Operation info(long atMonoNs, String why) {
        return completion(OpType.INFO, atMonoNs).withDetail(why);
    }

    /** A completion of this invoke of the given type, carrying only what identifies it. */
    public Operation completion(OpType completionType, long atMonoNs) {
        if (!completionType.isCompletion()) {
            throw new IllegalArgumentException("a completion is ok, fail or info, not " + completionType);
        }
        return new Operation(
                atMonoNs,
                completionType,
                process,
                op,
                opId,
                session,
                node,
                expectedVersion,
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public Operation withSession(String value) {
        return new Operation(
                monoNs, type, process, op, opId, Optional.of(value), node, expectedVersion, version, code, detail);
    }

    public Operation withNode(String value) {
        return new Operation(
                monoNs, type, process, op, opId, session, Optional.of(value), expectedVersion, version, code, detail);
    }

    public Operation withExpectedVersion(long value) {
        return new Operation(
                monoNs, type, process, op, opId, session, node, OptionalLong.of(value), version, code, detail);
    }

    public Operation withVersion(long value) {
        return new Operation(
                monoNs, type, process, op, opId, session, node, expectedVersion, OptionalLong.of(value), code, detail);
    }

    public Operation withCode(String value) {
        return new Operation(
                monoNs, type, process, op, opId, session, node, expectedVersion, version, Optional.of(value), detail);
    }

    public Operation withDetail(String value) {
        return new Operation(
                monoNs, type, process, op, opId, session, node, expectedVersion, version, code, Optional.of(value));
    }

    /** {@code agent-7#42}: what identifies the operation across its invoke and completion. */
    public String key() {
        return process + "#" + opId;
    }
}
