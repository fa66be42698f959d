/**
 * What the chaos runner records while it runs: {@link io.jumpingvpn.chaos.recording.RunHistory} writes
 * {@code history.jsonl} (operations and nemesis lines, in the format of {@code io.jumpingvpn.chaos.history}) and keeps
 * the counts the progress line shows; {@link io.jumpingvpn.chaos.recording.Anomalies} counts what the runner itself
 * saw go wrong. Nothing here decides a verdict: that is the checker's, from the files alone.
 */
package io.jumpingvpn.chaos.recording;
