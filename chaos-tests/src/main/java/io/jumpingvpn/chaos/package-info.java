/**
 * The entry points of the chaos tooling that the {@code jvpn} command calls: {@link io.jumpingvpn.chaos.ChaosCheck}
 * checks a run directory and writes its reports.
 *
 * <p>Sub-packages: {@code history} (the format), {@code checker} (the verdicts), {@code report} (what people read).
 * Nothing here parses command lines beyond the trivial {@code main}; the CLI lives in {@code deploy}.
 */
package io.jumpingvpn.chaos;
