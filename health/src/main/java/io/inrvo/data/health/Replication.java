package io.inrvo.data.health;

import io.inrvo.data.InrvoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Record;

/**
 * The read replicas of a {@link DatabaseHealth}: their index scans, which count as uses of the
 * primary's indexes (a replica has the same indexes, and queries it serves never show on the
 * primary), and each server's replay position and lag.
 */
final class Replication {

  private static final String SCANS = Db.MARKER + """
      select schemaname || '.' || indexrelname as name, coalesce(idx_scan, 0) as scans
      from pg_stat_all_indexes where schemaname = any(?::text[])""";

  private static final String PRIMARY = Db.MARKER + "select pg_current_wal_lsn()::text as position";

  private static final String REPLICA = Db.MARKER + """
      select pg_is_in_recovery() as in_recovery, pg_last_wal_replay_lsn()::text as position,
             extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000 as since_ms""";

  private Replication() {}

  /** Each index's scans on the replicas that answered, by {@code schema.index}; names the replicas that did not. */
  static Map<String, Long> replicaScans(List<Db> replicas, HealthOptions options, List<String> unreachable) {
    Map<String, Long> scans = new HashMap<>();
    String[] schemas = options.schemas().toArray(String[]::new);
    for (int i = 0; i < replicas.size(); i++) {
      try {
        for (Record r : replicas.get(i).catalog(dsl -> dsl.resultQuery(SCANS, (Object) schemas).fetch())) {
          scans.merge(r.get("name", String.class), r.get("scans", Long.class), Long::sum);
        }
      } catch (InrvoException e) {
        unreachable.add(name(i));
      }
    }
    return scans;
  }

  /** The primary's written position and each replica's replay position and lag. */
  static List<ServerReplay> servers(Db primary, List<Db> replicas) {
    List<ServerReplay> servers = new ArrayList<>();
    String written = primary.catalog(dsl -> dsl.resultQuery(PRIMARY).fetchSingle().get("position", String.class));
    servers.add(new ServerReplay("primary", true, false, Optional.of(written), 0, Optional.empty()));
    for (int i = 0; i < replicas.size(); i++) {
      try {
        Record r = replicas.get(i).catalog(dsl -> dsl.resultQuery(REPLICA).fetchSingle());
        Optional<String> position = Optional.ofNullable(r.get("position", String.class));
        long behind = position.map(p -> Math.max(0, lsn(written) - lsn(p))).orElse(0L);
        Optional<Duration> since = Optional.ofNullable(r.get("since_ms", Double.class))
            .map(ms -> Duration.ofMillis(Math.max(0, Math.round(ms))));
        servers.add(new ServerReplay(name(i), true, r.get("in_recovery", Boolean.class), position, behind, since));
      } catch (InrvoException e) {
        servers.add(new ServerReplay(name(i), false, false, Optional.empty(), 0, Optional.empty()));
      }
    }
    return servers;
  }

  /** One INFO finding per replica (its lag), a WARN for one that did not answer or is no standby. */
  static List<Finding> findings(List<ServerReplay> servers) {
    List<Finding> findings = new ArrayList<>();
    for (ServerReplay s : servers.subList(1, servers.size())) {
      if (!s.reachable()) {
        findings.add(new Finding("replica_unreachable", Finding.Level.WARN, s.server(),
            "the replica did not answer: its index scans are not counted, so an index it uses may show as unused",
            "check the replica and the data source given to DatabaseHealth.Builder.replicas"));
      } else if (!s.inRecovery()) {
        findings.add(new Finding("replica_not_in_recovery", Finding.Level.WARN, s.server(),
            "the server is no standby (promoted?): it no longer replays the primary",
            "point the replica data source at a standby of the primary"));
      } else {
        findings.add(new Finding("replica_lag", Finding.Level.INFO, s.server(),
            "replayed up to " + s.replayedPosition().orElse("n/a") + ", " + s.bytesBehind()
                + " bytes behind the primary; last replayed commit "
                + s.sinceLastReplayedCommit().map(d -> d.toMillis() + " ms ago").orElse("none yet"),
            "none while it stays small; a growing lag: check the replica's load and network"));
      }
    }
    return findings;
  }

  static String name(int index) {
    return "replica-" + (index + 1);
  }

  private static long lsn(String text) {
    int slash = text.indexOf('/');
    return Long.parseLong(text.substring(0, slash), 16) << 32 | Long.parseLong(text.substring(slash + 1), 16);
  }
}
