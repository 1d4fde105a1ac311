package io.inrvo.data.errors;

import static io.inrvo.data.errors.Situations.assertFails;

import io.inrvo.data.Inrvo;
import io.inrvo.data.MisconfigurationException;
import io.inrvo.data.WhoMustAct;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.PostgresReplica;
import io.inrvo.data.testing.server.ServerExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read-only server's row of the README's error table: an application whose data source points
 * at a streaming standby (a replica, or a primary demoted after a failover) cannot save, and the
 * operator, not the end user, has to point it at the primary.
 */
class ReadOnlyServerErrorsTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PRIMARY =
      ServerExtension.cluster(PostgresCluster.builder().name("read-only-errors"));

  @RegisterExtension
  static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PRIMARY.get().server());

  @Test
  void aWriteOnAStandbyIsAMisconfiguration(@TestUser("alice") UUID alice) {
    REPLICA.get().awaitReplay(Duration.ofSeconds(30)); // alice's row is on the standby too
    Inrvo onStandby = Inrvo.create(REPLICA.get().server().dataSource(DB.database().name()));

    assertFails(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.of("25006"),
        () -> onStandby.asUser(alice).history().save(NewMeditation.withPrompt("on the standby")),
        "read-only", "connect to the primary");
  }
}
