package io.warden.actors.ensemble;

import io.warden.actors.config.ServerConfig;
import io.warden.actors.endpoint.ConnectionRegistry;
import io.warden.actors.endpoint.ServerStats;
import io.warden.actors.request.RequestProcessor;
import io.warden.actors.session.SessionPasswords;
import io.warden.actors.session.SessionSettings;
import io.warden.persistence.prep.PrepSettings;
import io.warden.persistence.replica.ReplicaLog;
import java.time.Clock;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What an ensemble member's roles are built from: the node's settings, its replica log (which
 * outlives every role), and the client-side parts that outlive roles too (the port's switch,
 * connection registry and counters).
 *
 * @param clientPort the bound client port, for the four-letter words (0 until bound)
 */
public record NodeContext(ServerConfig config, ActorRef<ReplicaLog.Command> log, PrepSettings prepSettings,
                          SessionSettings sessionSettings, RequestProcessor.Settings requestSettings,
                          SessionPasswords passwords, Clock clock, long startedAtMs, ServerStats stats,
                          ConnectionRegistry connections, ServingSwitch serving, IntSupplier clientPort,
                          EnsembleSettings ensembleSettings) {
    public NodeContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(serving, "serving");
    }

    /**
     * @param windowTxns     committed txns the leader keeps in memory for DIFF (a learner behind
     *                       them gets SNAP)
     * @param maxOutstanding most proposals waiting for a quorum
     */
    public record EnsembleSettings(int windowTxns, int maxOutstanding) {
        /** From {@code warden.ensemble} in Pekko's config (reference.conf has the defaults). */
        public static EnsembleSettings fromConfig(com.typesafe.config.Config config) {
            return new EnsembleSettings(config.getInt("window-txns"), config.getInt("max-outstanding"));
        }

        public EnsembleSettings {
            if (windowTxns < 1 || maxOutstanding < 1) {
                throw new IllegalArgumentException("windowTxns and maxOutstanding must be positive");
            }
        }
    }
}
