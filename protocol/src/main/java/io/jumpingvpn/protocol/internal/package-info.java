/**
 * Helpers shared by the protocol packages that are not API: domain-separation labels, byte helpers and the AEAD
 * engines. Nothing outside the {@code protocol} module may use this package; its contents change without notice.
 */
package io.jumpingvpn.protocol.internal;
