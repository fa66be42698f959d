/**
 * Test support for the chaos tooling: {@link io.jumpingvpn.chaos.testing.HistoryDir} writes handmade histories with
 * the real writers, and {@link io.jumpingvpn.chaos.testing.SimulatedRun} generates the history of a correct cluster
 * from a seed. Test code only; nothing here may be used by the main code.
 */
package io.jumpingvpn.chaos.testing;
