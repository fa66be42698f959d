package io.jumpingvpn.deploy.cli;

/** Exit codes of every {@code jvpn} command. */
public final class ExitCodes {

    /** The command did what it was asked and every check it makes held. */
    public static final int OK = 0;
    /** The command ran but a check failed (a benchmark round without exactly one winner, an invalid chaos run). */
    public static final int CHECK_FAILED = 1;
    /** Bad flags, bad configuration, unreachable dependency: nothing was done. */
    public static final int USER_ERROR = 2;

    private ExitCodes() {}
}
