/**
 * Turns a {@link io.jumpingvpn.chaos.checker.CheckResult} into what people and machines read: {@code report.json},
 * a self-contained {@code report.html} (inline CSS and SVG, no script, nothing fetched), and a few lines of text for a
 * terminal.
 *
 * <p>Every string that came from a history is untrusted input and is escaped before it reaches HTML. Nothing here
 * decides a verdict; it only shows the checker's.
 */
package io.jumpingvpn.chaos.report;
