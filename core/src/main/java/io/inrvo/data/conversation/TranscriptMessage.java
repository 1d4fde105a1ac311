package io.inrvo.data.conversation;

import io.inrvo.data.internal.Checks;
import org.jooq.JSONB;

/**
 * One message of a transcript.
 *
 * @param position its 1-based position in the whole conversation, archived messages included;
 *     stable across archiving
 * @param message the message, a JSON object
 */
public record TranscriptMessage(long position, JSONB message) {

  /**
   * {@code message} may not be null; {@code position} is at least 1.
   *
   * @param position its 1-based position in the whole conversation
   * @param message the message, a JSON object
   */
  public TranscriptMessage {
    Checks.present(message, "message");
    Checks.range(position, "position", 1, Long.MAX_VALUE);
  }
}
