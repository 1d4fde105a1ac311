package io.inrvo.data.testing.server;

/**
 * A throwaway server cannot be started because something it needs is not installed on this
 * machine (server programs, PgBouncer, an OS user to run them as, a Docker engine). The message
 * names what is missing, where it was looked for, and how to get it.
 *
 * <p>{@link ServerExtension} turns it into a skipped test class on a developer's machine and into
 * a failure when the environment variable {@code CI} is {@code true}.
 */
public final class MissingPrerequisiteException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what is missing, where it was looked for, and how to get it
   */
  public MissingPrerequisiteException(String message) {
    super(message);
  }
}
