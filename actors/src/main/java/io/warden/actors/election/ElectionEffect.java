package io.warden.actors.election;

import java.util.Objects;

/** What the election core asks its actor to do, in order. */
public sealed interface ElectionEffect {

    /** Send this notification to every voter but this peer. */
    record SendToVoters(Notification notification) implements ElectionEffect {
        public SendToVoters {
            Objects.requireNonNull(notification, "notification");
        }
    }

    /** Send this notification to one peer (an answer to what it sent). */
    record SendTo(long sid, Notification notification) implements ElectionEffect {
        public SendTo {
            Objects.requireNonNull(notification, "notification");
        }
    }

    /** (Re)arm a timer; arming a timer of the same kind replaces the earlier one. */
    record ArmTimer(ElectionTimer timer, long delayMs) implements ElectionEffect {
        public ArmTimer {
            Objects.requireNonNull(timer, "timer");
            if (delayMs < 0) {
                throw new IllegalArgumentException("negative delay " + delayMs);
            }
        }
    }

    /** Cancel a timer; its expiry must not reach the core afterwards. */
    record CancelTimer(ElectionTimer timer) implements ElectionEffect {
        public CancelTimer {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /**
     * The election is over: follow (or lead, or observe) {@code vote.leader()}; electionEpoch is
     * the round that decided it, which this peer reports in its notifications from now on.
     */
    record Decided(Vote vote, PeerState role, long electionEpoch) implements ElectionEffect {
        public Decided {
            Objects.requireNonNull(vote, "vote");
            Objects.requireNonNull(role, "role");
            if (role == PeerState.LOOKING) {
                throw new IllegalArgumentException("a decision is never LOOKING");
            }
        }
    }

    /** The core's timers. */
    enum ElectionTimer {
        /** Nothing arrived for a while: send the proposal again (the interval doubles up to a bound). */
        RESEND,
        /** A quorum agrees with the proposal: decide unless a better vote arrives first. */
        FINALIZE
    }
}
