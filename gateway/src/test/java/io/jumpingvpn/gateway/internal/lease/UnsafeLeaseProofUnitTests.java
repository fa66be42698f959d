package io.jumpingvpn.gateway.internal.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.LeaseProofPolicy;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chaos tooling's unsafe lease policy, and that a node gets the safe one unless Java code asks otherwise. */
class UnsafeLeaseProofUnitTests {

    private final AtomicLong now = new AtomicLong(5_000);

    @Test
    void theUnsafePolicyKeepsAProofPastItsEndButNotPastARevocation() {
        var proof = new LeaseProof(now::get, 1_000, 100, LeaseProofPolicy.UNSAFE_IGNORE_LAPSE);
        assertThat(proof.isValid()).isFalse();

        proof.proveFrom(5_000);
        now.set(1_000_000);
        assertThat(proof.isValid()).isTrue();

        proof.revoke();
        assertThat(proof.isValid()).isFalse();
    }

    @Test
    void aNodeRequiresItsProofUnlessJavaCodeAsksForTheUnsafePolicy(@TempDir Path keys) throws Exception {
        KeyDirectory.generate(keys, new SecureRandom(), "agent");
        var builder =
                GatewayConfig.builder().nodeId("n1").listen("udp://127.0.0.1:0").keys(KeyDirectory.loadGateway(keys));

        assertThat(builder.build().leaseProofPolicy()).isEqualTo(LeaseProofPolicy.REQUIRE_PROOF);
        assertThat(builder.leaseProofPolicy(LeaseProofPolicy.UNSAFE_IGNORE_LAPSE)
                        .build()
                        .leaseProofPolicy())
                .isEqualTo(LeaseProofPolicy.UNSAFE_IGNORE_LAPSE);
    }
}
