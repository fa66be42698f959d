package io.jumpingvpn.gateway.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.jumpingvpn.gateway.internal.metrics.Refusal;
import io.jumpingvpn.protocol.crypto.RequestIds;
import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.EphemeralKey;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.Signature;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class ControlAdmissionUnitTests {

    private static final long PATIENCE = 1_000_000_000L;

    /** An executor that queues up to {@code capacity} tasks and runs them when told. */
    private static final class QueueExecutor implements Executor {
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private final int capacity;

        QueueExecutor(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public void execute(Runnable task) {
            if (queue.size() >= capacity) {
                throw new RejectedExecutionException("full");
            }
            queue.add(task);
        }

        void runAll() {
            while (!queue.isEmpty()) {
                queue.poll().run();
            }
        }
    }

    private final QueueExecutor executor = new QueueExecutor(3);
    private final long[] now = {0};
    private final List<Refusal> dropped = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();
    private final ControlAdmission admission = new ControlAdmission(executor, PATIENCE, () -> now[0], dropped::add);

    private void submit(String copy) {
        admission.submit(copy, () -> ran.add(copy));
    }

    @Test
    void aCopyIsDroppedWhileTheFirstWaitsAndAdmittedAgainOnceItRan() {
        submit("a");
        submit("a");
        submit("b");
        assertThat(dropped).containsExactly(Refusal.DUPLICATE);
        assertThat(admission.waiting()).isEqualTo(2);

        executor.runAll();
        submit("a");
        executor.runAll();

        assertThat(ran).containsExactly("a", "b", "a");
        assertThat(admission.waiting()).isZero();
    }

    @Test
    void aRequestThatWaitedLongerThanItsAgentWaitsIsDroppedUnrun() {
        submit("old");
        now[0] = PATIENCE / 2;
        submit("young");
        now[0] = PATIENCE + 1;

        executor.runAll();

        assertThat(ran).containsExactly("young");
        assertThat(dropped).containsExactly(Refusal.STALE);
        assertThat(admission.waiting()).isZero();
    }

    @Test
    void aFullQueueDropsAtOnceAndForgetsTheCopy() {
        submit("1");
        submit("2");
        submit("3");
        submit("4");
        assertThat(dropped).containsExactly(Refusal.OVERLOADED);

        executor.runAll();
        submit("4");
        executor.runAll();
        assertThat(ran).containsExactly("1", "2", "3", "4");
    }

    private static ReattachRequest request(long nonce, byte signatureByte) {
        var signature = new byte[Signature.LENGTH];
        Arrays.fill(signature, signatureByte);
        return new ReattachRequest(
                "s1",
                IdentityKey.of(new byte[IdentityKey.LENGTH]),
                3,
                nonce,
                1_000,
                EphemeralKey.of(new byte[32]),
                Candidate.parse("udp://127.0.0.1:7000"),
                Signature.of(signature));
    }

    private static String copy(ReattachRequest request, InetSocketAddress sender) {
        return ControlAdmission.copy(request, RequestIds.of(request), sender);
    }

    @Test
    void onlyTheSameRequestWithTheSameSignatureFromTheSameSourceIsACopy() {
        var source = new InetSocketAddress("127.0.0.1", 40_000);
        var honest = request(7, (byte) 1);

        assertThat(copy(request(7, (byte) 1), source)).isEqualTo(copy(honest, source));
        assertThat(copy(request(7, (byte) 2), source))
                .as("same signed part, another signature")
                .isNotEqualTo(copy(honest, source));
        assertThat(copy(honest, new InetSocketAddress("127.0.0.1", 40_001)))
                .as("another source")
                .isNotEqualTo(copy(honest, source));
        assertThat(copy(request(8, (byte) 1), source)).as("another nonce").isNotEqualTo(copy(honest, source));
    }

    @Test
    void aPatienceOfNothingIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ControlAdmission(executor, 0, () -> 0, dropped::add))
                .withMessageContaining("patienceNanos");
    }
}
