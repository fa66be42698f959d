/**
 * The {@code jvpn} command line: the entry point and its subcommands. Commands parse flags, compose the modules
 * (choosing the store implementation from a URI, so that the gateway never learns which store it runs on) and print
 * results; they hold no protocol or store logic of their own.
 */
package io.jumpingvpn.deploy;
