package io.jumpingvpn.protocol.channel;

import static io.jumpingvpn.protocol.channel.ReplayWindow.Verdict.DUPLICATE;
import static io.jumpingvpn.protocol.channel.ReplayWindow.Verdict.FRESH;
import static io.jumpingvpn.protocol.channel.ReplayWindow.Verdict.TOO_OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayWindowUnitTests {

    @Test
    void acceptsInOrderAndRefusesDuplicates() {
        var window = new ReplayWindow(2048);
        assertThat(window.highest()).isEqualTo(-1);
        for (long counter = 0; counter < 5000; counter++) {
            assertThat(window.accept(counter)).isEqualTo(FRESH);
            assertThat(window.accept(counter)).isEqualTo(DUPLICATE);
        }
        assertThat(window.highest()).isEqualTo(4999);
    }

    @Test
    void acceptsOutOfOrderWithinTheWindow() {
        var window = new ReplayWindow(2048);
        assertThat(window.accept(100)).isEqualTo(FRESH);
        assertThat(window.accept(50)).isEqualTo(FRESH);
        assertThat(window.accept(99)).isEqualTo(FRESH);
        assertThat(window.accept(0)).isEqualTo(FRESH);
        assertThat(window.accept(50)).isEqualTo(DUPLICATE);
        assertThat(window.accept(101)).isEqualTo(FRESH);
        assertThat(window.highest()).isEqualTo(101);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 2048, 65_536})
    void theEdgeIsExactlyTheWindowSize(int size) {
        var window = new ReplayWindow(size);
        long highest = 10L * size + 37;
        assertThat(window.accept(highest)).isEqualTo(FRESH);
        assertThat(window.check(highest - size + 1)).isEqualTo(FRESH);
        assertThat(window.accept(highest - size + 1)).isEqualTo(FRESH);
        assertThat(window.accept(highest - size + 1)).isEqualTo(DUPLICATE);
        assertThat(window.accept(highest - size)).isEqualTo(TOO_OLD);
        assertThat(window.accept(0)).isEqualTo(TOO_OLD);
    }

    @Test
    void checkChangesNothing() {
        var window = new ReplayWindow(64);
        window.accept(10);
        assertThat(window.check(11)).isEqualTo(FRESH);
        assertThat(window.check(11)).isEqualTo(FRESH);
        assertThat(window.highest()).isEqualTo(10);
        assertThat(window.check(10)).isEqualTo(DUPLICATE);
    }

    @Test
    void aFarJumpForgetsEverythingBehindTheNewWindow() {
        var window = new ReplayWindow(128);
        for (long counter = 0; counter < 128; counter++) {
            window.accept(counter);
        }
        assertThat(window.accept(1_000_000)).isEqualTo(FRESH);
        // Blocks of the old range were cleared, and the counters they held are now too old anyway.
        assertThat(window.accept(127)).isEqualTo(TOO_OLD);
        // Just inside the new window: never seen, so fresh, even though the ring slot once held an old counter.
        assertThat(window.accept(1_000_000 - 127)).isEqualTo(FRESH);
        assertThat(window.accept(1_000_000 - 1)).isEqualTo(FRESH);
        assertThat(window.accept(1_000_000 - 1)).isEqualTo(DUPLICATE);
    }

    @Test
    void theRingWrapsWithoutLeakingOldBits() {
        var window = new ReplayWindow(64); // two blocks in the ring
        for (long counter = 0; counter < 64 * 50; counter += 3) {
            assertThat(window.accept(counter)).as("counter %d", counter).isEqualTo(FRESH);
        }
        // Every slot has been reused many times; counters never sent are still fresh inside the window.
        long highest = window.highest();
        for (long counter = highest - 63; counter <= highest; counter++) {
            var expected = counter % 3 == 0 ? DUPLICATE : FRESH;
            assertThat(window.check(counter)).as("counter %d", counter).isEqualTo(expected);
        }
    }

    @Test
    void negativeCountersAreRefusedAndLargeOnesWork() {
        var window = new ReplayWindow(64);
        assertThat(window.accept(-1)).isEqualTo(TOO_OLD);
        assertThat(window.accept(Long.MIN_VALUE)).isEqualTo(TOO_OLD);
        assertThat(window.accept(Long.MAX_VALUE - 1)).isEqualTo(FRESH);
        assertThat(window.accept(Long.MAX_VALUE)).isEqualTo(FRESH);
        assertThat(window.accept(Long.MAX_VALUE - 1)).isEqualTo(DUPLICATE);
        assertThat(window.accept(Long.MAX_VALUE - 64)).isEqualTo(TOO_OLD);
    }

    @Test
    void agreesWithASimpleModelOnRandomTraffic() {
        var random = new Random(6479);
        for (int trial = 0; trial < 20; trial++) {
            int size = 64 * (1 + random.nextInt(40));
            var window = new ReplayWindow(size);
            var seen = new HashSet<Long>();
            long highest = -1;
            long base = 0;
            for (int i = 0; i < 20_000; i++) {
                base += random.nextInt(100) < 2 ? random.nextInt(3 * size) : random.nextInt(3);
                long counter = Math.max(0, base - random.nextInt(size + 64));
                ReplayWindow.Verdict expected;
                if (counter > highest) {
                    expected = FRESH;
                } else if (highest - counter >= size) {
                    expected = TOO_OLD;
                } else {
                    expected = seen.contains(counter) ? DUPLICATE : FRESH;
                }
                assertThat(window.accept(counter))
                        .as("trial %d, size %d, counter %d, highest %d", trial, size, counter, highest)
                        .isEqualTo(expected);
                if (expected == FRESH) {
                    seen.add(counter);
                    highest = Math.max(highest, counter);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 63, 65, 100, 65_600, -64})
    void sizesMustBeMultiplesOf64InRange(int size) {
        assertThatThrownBy(() -> new ReplayWindow(size)).hasMessageContaining("multiple of 64");
    }
}
