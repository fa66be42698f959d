/**
 * The history format of a chaos run, as documented in {@code docs/chaos.md}: the records of {@code run.json},
 * {@code history.jsonl}, {@code nodes/<node>.jsonl} and {@code agents/<agent-process>.jsonl}, the writers that
 * append them, and the reader that turns a run directory back into a {@link io.jumpingvpn.chaos.history.History}.
 *
 * <p>Every value here is an immutable record that refuses what the format does not allow, so a record that exists is
 * a well-formed line. The reader never throws for bad content: a line it cannot understand becomes a
 * {@link io.jumpingvpn.chaos.history.ReadProblem} naming the file and line. This package decides nothing about
 * correctness (that is the checker's job) and must not depend on the runner, the gateway or the agent.
 */
package io.jumpingvpn.chaos.history;
