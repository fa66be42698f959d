/**
 * {@code jvpn bench gap}: how long traffic stops when an agent's transport dies, measured with the real agent and a
 * gateway in this process: the transport killed (closed or reset), and the transport gone silent (a relay between
 * them black-holes its packets, so only the heartbeat-dead detection can notice).
 */
package io.jumpingvpn.deploy.bench.gap;
