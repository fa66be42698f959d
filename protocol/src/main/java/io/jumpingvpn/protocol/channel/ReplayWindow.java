package io.jumpingvpn.protocol.channel;

import java.util.Arrays;

/**
 * A sliding anti-replay window over 64-bit frame counters, the RFC 6479 way: a ring of 64-bit blocks, so that sliding
 * forward clears whole blocks instead of shifting bits. A counter is accepted when it is above every counter seen, or
 * within {@link #size()} of the highest and not seen before; out-of-order frames within the window are fine.
 *
 * <p>Use {@link #check} before authenticating a frame and {@link #accept} after, so that forged frames can neither
 * slide the window nor burn counters. Not thread-safe.
 */
public final class ReplayWindow {

    /** What the window says about a counter. */
    public enum Verdict {
        /** Never seen and inside (or ahead of) the window. */
        FRESH,
        /** Seen before. */
        DUPLICATE,
        /** Too far behind the highest counter to tell; refused. */
        TOO_OLD
    }

    private static final int BLOCK_BITS = 64;

    private final int size;
    private final long[] blocks;
    private long highest = -1;

    /** @param size frames the window covers behind the highest counter: a multiple of 64, 64 to 65536 */
    public ReplayWindow(int size) {
        if (size < 64 || size > 65_536 || size % BLOCK_BITS != 0) {
            throw new IllegalArgumentException("replay window must be a multiple of 64 in 64..65536, got " + size);
        }
        this.size = size;
        // One block more than the window: the block holding the highest counter is only partly inside it.
        this.blocks = new long[size / BLOCK_BITS + 1];
    }

    public int size() {
        return size;
    }

    /** The highest accepted counter, or -1 before the first. */
    public long highest() {
        return highest;
    }

    /** What {@link #accept} would say, without changing anything. */
    public Verdict check(long counter) {
        if (counter < 0) {
            return Verdict.TOO_OLD;
        }
        if (counter > highest) {
            return Verdict.FRESH;
        }
        if (highest - counter >= size) {
            return Verdict.TOO_OLD;
        }
        return (blocks[blockIndex(counter)] & bit(counter)) != 0 ? Verdict.DUPLICATE : Verdict.FRESH;
    }

    /** Checks {@code counter} and, when fresh, records it (sliding the window forward if it is the new highest). */
    public Verdict accept(long counter) {
        var verdict = check(counter);
        if (verdict != Verdict.FRESH) {
            return verdict;
        }
        if (counter > highest) {
            slideTo(counter);
        }
        blocks[blockIndex(counter)] |= bit(counter);
        return Verdict.FRESH;
    }

    private void slideTo(long counter) {
        long newBlock = counter / BLOCK_BITS;
        long oldBlock = highest < 0 ? -1 : highest / BLOCK_BITS;
        long advance = newBlock - oldBlock;
        if (highest < 0 || advance >= blocks.length) {
            Arrays.fill(blocks, 0L);
        } else {
            for (long i = 1; i <= advance; i++) {
                blocks[(int) ((oldBlock + i) % blocks.length)] = 0L;
            }
        }
        highest = counter;
    }

    private int blockIndex(long counter) {
        return (int) ((counter / BLOCK_BITS) % blocks.length);
    }

    private static long bit(long counter) {
        return 1L << (counter % BLOCK_BITS);
    }

    @Override
    public String toString() {
        return "ReplayWindow[size=" + size + ", highest=" + highest + "]";
    }
}
