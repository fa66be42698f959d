/**
 * {@code jvpn admin}: the command line of a node's admin API (docs/admin.md). It speaks the API's JSON over HTTP with a
 * bearer token from a file and prints readable text, or the API's JSON with {@code --json}. Nothing here talks to the
 * store or to a node's internals.
 */
package io.jumpingvpn.deploy.admin;
