/**
 * The contract of the authoritative session table: identifiers, the session record, the requests a gateway node
 * commits, and their results ({@link io.jumpingvpn.store.StoreResult}).
 *
 * <p>Everything here is an immutable value or an interface. Nothing in this package knows how a store keeps its data;
 * the rules every store follows are written down in {@link io.jumpingvpn.store.SessionStore} and checked by the
 * contract suite in this module's test jar. This package must not depend on any other module of the project.
 */
package io.jumpingvpn.store;
