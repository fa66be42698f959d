/**
 * The nemeses of a chaos run: the kinds of fault ({@link io.jumpingvpn.chaos.nemesis.NemesisKind}), the schedule
 * generated from the seed ({@link io.jumpingvpn.chaos.nemesis.ScheduleGenerator}, deterministic: the same seed and
 * settings give the same faults at the same planned moments), and the {@link io.jumpingvpn.chaos.nemesis.Nemesis} that
 * injects and heals them on the cluster, recording every start, end, kill and heal in {@code history.jsonl}.
 *
 * <p>Nothing here starts the cluster or drives agents.
 */
package io.jumpingvpn.chaos.nemesis;
