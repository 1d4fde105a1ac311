package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several operation listeners on one instance ({@link InrvoOptions.Builder#addOperationListener},
 * {@link OperationListener#andThen}): each hears every call, in the order they were added, even
 * after one before it threw; {@code operationListener} replaces what was there.
 */
class OperationListenersTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @Test
  void addedListenersEachHearEveryCallInOrderEvenAfterOneThrew(DataSource db, @TestUser("listened") UUID user) {
    List<String> heard = new CopyOnWriteArrayList<>();
    Inrvo inrvo = Inrvo.builder(db)
        .addOperationListener(call -> heard.add("metrics " + call.name()))
        .addOperationListener(call -> {
          heard.add("broken " + call.name());
          throw new IllegalStateException("a listener that fails");
        })
        .addOperationListener(call -> heard.add("application " + call.name() + " " + call.outcome()))
        .build();

    UUID saved = inrvo.asUser(user).history().save(NewMeditation.withPrompt("heard by all"));

    assertEquals(saved, inrvo.asUser(user).history().find(saved).orElseThrow().id(), "the calls' results stand");
    assertEquals(List.of("metrics history.save", "broken history.save", "application history.save success",
        "metrics history.find", "broken history.find", "application history.find success"), heard);
  }

  @Test
  void whenBothListenersThrowTheFirstLeavesCarryingTheSecondAsSuppressed() {
    IllegalStateException first = new IllegalStateException("the first listener failed");
    IllegalArgumentException second = new IllegalArgumentException("the second listener failed");
    OperationListener throwing = call -> {
      throw first;
    };
    OperationListener both = throwing.andThen(call -> {
      throw second;
    });

    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> both.completed(null));

    assertSame(first, thrown);
    assertEquals(List.of(second), List.of(thrown.getSuppressed()));
  }

  @Test
  void settingAListenerReplacesTheOnesBefore(DataSource db, @TestUser("replaced") UUID user) {
    List<String> heard = new CopyOnWriteArrayList<>();
    Inrvo inrvo = Inrvo.builder(db)
        .addOperationListener(call -> heard.add("first"))
        .operationListener(call -> heard.add("second"))
        .build();

    inrvo.asUser(user).profile().get();

    assertEquals(List.of("second"), heard);
  }
}
