/**
 * The session policy of the brief (section 6): every key with its default, its allowed range and the rules between
 * keys, as one immutable validated {@link io.jumpingvpn.protocol.policy.Policy}. Reading YAML or flags is not done here
 * ({@link io.jumpingvpn.protocol.policy.Policy#fromMap} takes the key/value pairs); neither is acting on the values.
 */
package io.jumpingvpn.protocol.policy;
