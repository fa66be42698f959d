/** Unit tests of audit events, the JSON-lines sink and the non-blocking dispatcher. */
package io.jumpingvpn.gateway.audit;
