package io.jumpingvpn.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.agent.testing.Recorder;
import io.jumpingvpn.agent.testing.ScriptedGateway;
import io.jumpingvpn.agent.testing.SessionTable;
import io.jumpingvpn.agent.testing.TestKeys;
import io.jumpingvpn.agent.testing.TestPolicies;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionState;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Agents on a shared {@link AgentRuntime} against scripted gateways on loopback: sessions that share threads stay
 * apart, closing an agent leaves the runtime to its owner, a closed runtime refuses new agents; and an agent whose
 * transports bind a given local address.
 */
class AgentRuntimeIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestKeys keys = TestKeys.generate();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (var closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    /** One agent with a scripted gateway (and session) of its own, and the threads its data callbacks ran on. */
    private record Running(Agent agent, ScriptedGateway gateway, Recorder recorder, Set<String> threads) {}

    private Running start(String name, AgentConfig.Builder extra) throws IOException {
        var gateway =
                ScriptedGateway.udp(new SessionTable(keys.gatewayKeys(), TestPolicies.steady(), "session-" + name));
        closeables.add(gateway);
        var recorder = new Recorder();
        var threads = ConcurrentHashMap.<String>newKeySet();
        var agent = Agent.start(extra.gateway(gateway.candidate())
                .keys(keys.agentKeys())
                .policy(TestPolicies.steady())
                .name(name)
                .listener(recorder)
                .dataHandler(payload -> {
                    threads.add(Thread.currentThread().getName());
                    recorder.onData(payload);
                })
                .build());
        closeables.add(agent);
        return new Running(agent, gateway, recorder, threads);
    }

    private static String echo(Running running, String text) throws InterruptedException {
        assertThat(running.agent().send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        var echoed = running.recorder().data.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        return echoed == null ? null : new String(echoed, StandardCharsets.UTF_8);
    }

    @Test
    void agentsOfOneRuntimeShareItsThreadsAndKeepTheirSessionsApart() throws Exception {
        var runtime = AgentRuntime.start("shared-test", 2);
        closeables.add(runtime);
        var running = new ArrayList<Running>();
        for (int i = 0; i < 6; i++) {
            running.add(start("a" + i, AgentConfig.builder().runtime(runtime)));
        }
        for (var one : running) {
            assertThat(one.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
            assertThat(one.agent().status().sessionId())
                    .contains(one.gateway().table().sessionId());
        }
        var threads = new HashSet<String>();
        for (int i = 0; i < running.size(); i++) {
            var one = running.get(i);
            assertThat(echo(one, "from a" + i)).isEqualTo("from a" + i);
            assertThat(one.gateway().data).singleElement().isEqualTo(("from a" + i).getBytes(StandardCharsets.UTF_8));
            // One agent, one loop: all its callbacks on one thread.
            assertThat(one.threads()).hasSize(1);
            threads.addAll(one.threads());
        }
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("jvpn-agents-shared-test-"));
        assertThat(threads).hasSize(2);

        // Closing agents ends their sessions and leaves the others, and the runtime, running.
        for (var one : running.subList(0, 3)) {
            one.agent().close();
            await().atMost(WAIT).until(() -> !one.gateway().terminations.isEmpty());
            assertThat(one.gateway().terminations).singleElement().satisfies(t -> assertThat(t.code())
                    .isEqualTo(TerminationCode.OPERATOR_TERMINATE));
        }
        assertThat(runtime.isClosed()).isFalse();
        for (var one : running.subList(3, 6)) {
            assertThat(echo(one, "still here")).isEqualTo("still here");
        }
        var late = start("late", AgentConfig.builder().runtime(runtime));
        assertThat(late.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);

        runtime.close();
        assertThat(runtime.isClosed()).isTrue();
        assertThatThrownBy(() -> start("refused", AgentConfig.builder().runtime(runtime)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("agent runtime 'shared-test' is closed");
        // An agent still open when its runtime stopped is closed without waiting for a loop that is gone.
        long closing = System.nanoTime();
        late.agent().close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(WAIT);
    }

    @Test
    void aLocalAddressIsTheSourceOfEveryTransport() throws Exception {
        var source = InetAddress.getByName("127.0.0.2");
        var one = start("bound", AgentConfig.builder().localAddress(source));

        assertThat(one.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        assertThat(one.recorder().all(AgentEvent.Attached.class))
                .singleElement()
                .satisfies(attached ->
                        assertThat(attached.localAddress().getAddress()).isEqualTo(source));
        assertThat(echo(one, "from 127.0.0.2")).isEqualTo("from 127.0.0.2");

        one.agent().killTransport();

        await().atMost(WAIT)
                .until(() -> one.agent().status().counts().reattaches() == 1
                        && one.agent().status().state() == SessionState.ATTACHED);
        assertThat(one.recorder().all(AgentEvent.TransportSwitched.class))
                .singleElement()
                .satisfies(switched ->
                        assertThat(switched.localAddress().getAddress()).isEqualTo(source));
        assertThat(one.agent().status().localAddress().orElseThrow().getAddress())
                .isEqualTo(source);
    }
}
