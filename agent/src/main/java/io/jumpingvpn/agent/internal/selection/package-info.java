/**
 * Not API. Choosing where the session goes: the ranking rule (loss, latency, stable time, transport id), the memory of
 * each candidate's numbers, and the switch limiter. Pure: time is passed in; no I/O, no randomness.
 */
package io.jumpingvpn.agent.internal.selection;
