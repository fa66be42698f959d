/**
 * The independent checker: decides each invariant of the system brief (section 8) from a
 * {@link io.jumpingvpn.chaos.history.History} alone, and gathers the statistics the report shows.
 *
 * <p>It believes nothing the runner concluded during the run: every verdict comes from the lines of the history
 * files, and every counterexample points at those lines. Nothing here reads files (the history package does), writes
 * reports (the report package does) or talks to a cluster.
 */
package io.jumpingvpn.chaos.checker;
