/**
 * The Netty side: UDP and TCP servers ({@code XxxServer} binds, {@code XxxInitializer} builds the pipeline,
 * {@code XxxHandler} hands each frame to the {@link io.jumpingvpn.gateway.internal.transport.FrameSink}), the choice
 * between native epoll and NIO, and the {@link io.jumpingvpn.gateway.internal.transport.ReturnPath} a session's frames
 * go back over. Nothing here decodes a frame or knows a session: a frame is bytes and a path.
 */
package io.jumpingvpn.gateway.internal.transport;
