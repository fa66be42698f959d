package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a change of the membership list ({@link Gateway#updateMembers}) came to. */
public sealed interface MembershipOutcome {

    /**
     * The node routes by {@code members} now; each session whose owner became another member was handed to it (or not:
     * its outcome says why, and it stays here).
     */
    record Changed(List<ClusterMember> members, List<TransferOutcome> outcomes) implements MembershipOutcome {
        public Changed {
            members = List.copyOf(requireNonNull(members, "members"));
            outcomes = List.copyOf(requireNonNull(outcomes, "outcomes"));
        }

        /** Sessions handed to their new owner. */
        public long moved() {
            return outcomes.stream()
                    .filter(o -> o instanceof TransferOutcome.Transferred)
                    .count();
        }
    }

    /** Nothing changed; {@code reason} is one readable line. */
    record Refused(String reason) implements MembershipOutcome {
        public Refused {
            requireNonNull(reason, "reason");
        }
    }
}
