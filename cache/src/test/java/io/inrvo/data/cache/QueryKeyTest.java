package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Caller;
import io.inrvo.data.CountPolicy;
import io.inrvo.data.PageRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueryKeyTest {

  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();

  @Test
  void aKeyWithoutCallerCannotBeBuilt() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> QueryKey.of(null, "history.page"));
    assertTrue(e.getMessage().contains("scope"), e.getMessage());
    assertThrows(NullPointerException.class, () -> new QueryKey(null, Optional.empty(), "history.page", List.of()));
  }

  @Test
  void sameQueryForDifferentCallersGivesDifferentKeys() {
    PageRequest first = PageRequest.first(20);
    assertEquals(QueryKey.of(Caller.user(alice), "history.page", first), QueryKey.of(Caller.user(alice), "history.page", first));
    assertNotEquals(QueryKey.of(Caller.user(alice), "history.page", first), QueryKey.of(Caller.user(bob), "history.page", first));
    // An admin reading their own rows is another scope than the same person as a user.
    assertNotEquals(QueryKey.of(Caller.user(alice), "history.page", first), QueryKey.of(Caller.admin(alice), "history.page", first));
    assertNotEquals(
        QueryKey.of(Caller.user(alice), "history.page", first),
        QueryKey.of(Caller.user(alice), "history.page", PageRequest.first(21)));
  }

  @Test
  void ownerIsTheUserCallerOrNamedExplicitly() {
    assertEquals(Optional.of(alice), QueryKey.of(Caller.user(alice), "voice.list").owner());
    assertEquals(Optional.empty(), QueryKey.of(Caller.service(), "audioTags.presets").owner());
    QueryKey lookup = QueryKey.about(Caller.service(), alice, "voice.lookup", UUID.randomUUID());
    assertTrue(lookup.isOwnedBy(alice));
    assertFalse(lookup.isOwnedBy(bob));
    assertFalse(QueryKey.acrossUsers(Caller.admin(bob), "admin.meditations").isOwnedBy(bob));
  }

  @Test
  void aUsersKeyCannotBeOwnedBySomeoneElse() {
    assertThrows(IllegalArgumentException.class, () -> QueryKey.about(Caller.user(alice), bob, "history.page"));
    assertThrows(IllegalArgumentException.class, () -> QueryKey.acrossUsers(Caller.user(alice), "history.page"));
  }

  @Test
  void argumentsAreCopiedAndMustHaveValueEquality() {
    List<Object> arguments = new ArrayList<>(List.of("a"));
    QueryKey key = new QueryKey(Caller.user(alice), Optional.of(alice), "x", arguments);
    arguments.add("b");
    assertEquals(List.of("a"), key.arguments());
    assertThrows(IllegalArgumentException.class, () -> QueryKey.of(Caller.user(alice), "x", (Object) new byte[] {1}));
    assertThrows(NullPointerException.class, () -> QueryKey.of(Caller.user(alice), "x", (Object) null));
    assertThrows(NullPointerException.class,
        () -> new QueryKey(Caller.user(alice), Optional.of(alice), "x", Arrays.asList("a", null)));
  }

  @Test
  void operationMustBeAShortName() {
    assertThrows(IllegalArgumentException.class, () -> QueryKey.of(Caller.user(alice), ""));
    assertThrows(IllegalArgumentException.class, () -> QueryKey.of(Caller.user(alice), "history page"));
    assertThrows(IllegalArgumentException.class, () -> QueryKey.of(Caller.user(alice), "x".repeat(101)));
  }

  @Test
  void textFormShowsScopeAndOperationButNoArgumentsOrEmail() {
    QueryKey key = QueryKey.of(Caller.user(alice, "alice@example.com"), "conversation.search", "secret topic", 10);
    String text = key.toString();
    assertTrue(text.contains("user:" + alice), text);
    assertTrue(text.contains("conversation.search(2 args)"), text);
    assertFalse(text.contains("secret"), text);
    assertFalse(text.contains("alice@example.com"), text);
  }

  @Test
  void countPolicyIsPartOfThePageKey() {
    PageRequest exact = PageRequest.first(20).withCount(CountPolicy.NONE);
    assertNotEquals(
        QueryKey.of(Caller.user(alice), "history.page", exact),
        QueryKey.of(Caller.user(alice), "history.page", PageRequest.first(20)));
  }
}
