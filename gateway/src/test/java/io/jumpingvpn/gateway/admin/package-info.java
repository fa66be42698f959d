/** Tests of the admin API: its token file, and the API served over real HTTP by nodes on a shared store. */
package io.jumpingvpn.gateway.admin;
