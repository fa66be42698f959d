/** Plumbing shared by the commands: flag converters, the one-line user error, exit codes. */
package io.jumpingvpn.deploy.cli;
