package io.jumpingvpn.deploy;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the jar manifest (the Maven project version). */
public final class JvpnVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        var version = Jvpn.class.getPackage().getImplementationVersion();
        return new String[] {"jvpn " + (version == null ? "(development build)" : version)};
    }
}
