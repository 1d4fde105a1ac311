package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.TableChange;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the payloads the schema's change-notification triggers send. They are built with {@code format()} in exactly one
 * shape, so a strict pattern reads them; anything else is unreadable (and flushes everything).
 */
final class Payloads {

  private static final Pattern PAYLOAD = Pattern.compile(
      "\\{\"t\":\"([a-z_][a-z0-9_]{0,62})\""
          + "(?:,\"u\":\"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\")?"
          + ",\"op\":\"([IUD*])\"\\}");

  private Payloads() {}

  /** The change a payload announces; empty when the payload is not one the triggers send. */
  static Optional<TableChange> parse(String payload) {
    if (payload == null) {
      return Optional.empty();
    }
    Matcher m = PAYLOAD.matcher(payload);
    if (!m.matches()) {
      return Optional.empty();
    }
    TableChange.Operation operation = switch (m.group(3)) {
      case "I" -> TableChange.Operation.INSERT;
      case "U" -> TableChange.Operation.UPDATE;
      case "D" -> TableChange.Operation.DELETE;
      default -> TableChange.Operation.ANY;
    };
    Optional<UUID> user = Optional.ofNullable(m.group(2)).map(UUID::fromString);
    return Optional.of(new TableChange(m.group(1), user, operation));
  }
}
