/**
 * Not API. The agent's sockets, on Netty: the event loop (native epoll when available), gateway transports (UDP, one
 * frame per datagram; TCP, 2-byte length prefix) decoding frames with the protocol's codec, and the local UDP forward.
 * No session logic: transports report frames and failures to a listener.
 */
package io.jumpingvpn.agent.internal.transport;
