/**
 * A tiny RESP2 client over a plain {@link java.net.Socket}: enough to PING, read INFO, drive CLUSTER and SENTINEL
 * commands, and check keys from tests without a Redis client library.
 *
 * <p>{@link io.jumpingvpn.testkit.resp.RespClient} sends commands as arrays of bulk strings and parses the five RESP2
 * reply types into {@link io.jumpingvpn.testkit.resp.RespValue}. Server errors are values, not exceptions; only I/O
 * failures and malformed replies throw. This package must not grow into a Redis client: no pooling, no pipelining
 * abstractions, no RESP3, no cluster redirects. Production code talks to Redis through Lettuce in {@code store-redis}.
 */
package io.jumpingvpn.testkit.resp;
