/**
 * Not API. Transport quality from heartbeats: loss, round trip and jitter over the loss window, and the policy's
 * floor. Pure: time is passed in as nanoseconds; no I/O, no clock, no threads.
 */
package io.jumpingvpn.agent.internal.quality;
