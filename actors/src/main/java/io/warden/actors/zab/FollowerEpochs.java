package io.warden.actors.zab;

/**
 * The learner's side of the epoch promise (ZAB discovery): what to do with LEADERINFO.
 */
public final class FollowerEpochs {
    private FollowerEpochs() {
    }

    /** What the learner does with a leader's new epoch. */
    public sealed interface Answer {
    }

    /** Make {@code epoch} the durable acceptedEpoch first, then send ACKEPOCH. */
    public record AcceptThenAck(long epoch) implements Answer {
    }

    /** Already promised this epoch (a reconnect within it): send ACKEPOCH again. */
    public record AckAgain(long epoch) implements Answer {
    }

    /** The leader is behind this learner's promise: do not follow it, go back to looking. */
    public record Refuse(String reason) implements Answer {
    }

    public static Answer onLeaderInfo(long newEpoch, long acceptedEpoch) {
        if (newEpoch > acceptedEpoch) {
            return new AcceptThenAck(newEpoch);
        }
        if (newEpoch == acceptedEpoch) {
            return new AckAgain(newEpoch);
        }
        return new Refuse("the leader's epoch " + newEpoch + " is older than the accepted epoch " + acceptedEpoch);
    }
}
