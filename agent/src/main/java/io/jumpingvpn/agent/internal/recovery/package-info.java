/**
 * Not API. The rules of getting attached again: the recovery window, the back-off between retries, and what to do
 * about each reject code. Pure: no I/O, no clock, no session state (version adoption goes through the protocol's
 * {@code SessionLedger}).
 */
package io.jumpingvpn.agent.internal.recovery;
