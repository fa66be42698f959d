package io.jumpingvpn.gateway.internal.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaseProofUnitTests {

    private final AtomicLong now = new AtomicLong(5_000);
    private final LeaseProof proof = new LeaseProof(now::get, 1_000, 100);

    @Test
    void nothingIsProvenBeforeTheFirstRenewal() {
        assertThat(proof.isValid()).isFalse();
        assertThat(proof.ageNanos()).isEqualTo(-1);
    }

    @Test
    void aRenewalProvesFromItsStartForTheLeaseMinusTheMargin() {
        assertThat(proof.proveFrom(4_800)).isEqualTo(5_700);

        assertThat(proof.isValid()).isTrue();
        now.set(5_699);
        assertThat(proof.isValid()).isTrue();
        now.set(5_700);
        assertThat(proof.isValid()).isFalse();
        assertThat(proof.ageNanos()).isEqualTo(900);
    }

    @Test
    void aLateAnswerToAnOlderRenewalCannotShortenTheProof() {
        proof.proveFrom(5_000);

        assertThat(proof.proveFrom(4_500)).isEqualTo(5_900);
    }

    @Test
    void aRevokedProofIsInvalidAtOnce() {
        proof.proveFrom(5_000);
        proof.revoke();

        assertThat(proof.isValid()).isFalse();
        proof.proveFrom(5_000);
        assertThat(proof.isValid()).isTrue();
    }
}
