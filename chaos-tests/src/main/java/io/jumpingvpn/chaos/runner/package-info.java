/**
 * {@code jvpn chaos run}: the Jepsen-style runner. {@link io.jumpingvpn.chaos.runner.ChaosRun} starts the cluster
 * ({@code io.jumpingvpn.chaos.cluster}), the workload ({@code io.jumpingvpn.chaos.workload}) and the nemesis
 * ({@code io.jumpingvpn.chaos.nemesis}) from {@link io.jumpingvpn.chaos.runner.RunSettings}, prints progress, leaves a
 * quiet period after the last heal, stops everything, and has the checker judge the run directory.
 *
 * <p>The runner never decides validity itself: {@link io.jumpingvpn.chaos.ChaosCheck} does, from the files alone. The
 * command line lives in {@code deploy}.
 */
package io.jumpingvpn.chaos.runner;
