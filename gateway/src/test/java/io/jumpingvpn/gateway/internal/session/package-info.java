/** Unit tests of the session service's pure parts: quality tracking, switch limits, lanes, code mappings. */
package io.jumpingvpn.gateway.internal.session;
