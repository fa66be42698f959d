/**
 * The bounded queue with a dedicated writer thread that audit events and the node history go through: producers never
 * block (a full queue drops and counts), the writer batches and flushes.
 */
package io.jumpingvpn.gateway.internal.queue;
