/**
 * The process's own log lines (SLF4J through Logback): the human-readable or JSON-lines format chosen at start
 * ({@link io.jumpingvpn.deploy.logging.LogSetup}), and a filter that keeps a dependency's repeated warnings to one line
 * per interval ({@link io.jumpingvpn.deploy.logging.RepeatLimitFilter}). Audit events are not log lines and never pass
 * through here.
 */
package io.jumpingvpn.deploy.logging;
