package io.inrvo.data;

import io.inrvo.data.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * One repository call, as reported to an {@link OperationListener}: no caller, no arguments, no
 * rows, so nothing in it identifies a user.
 *
 * @param name the operation: the repository and its method, as in the SQL comment <code>/* inrvo
 *     history.page *&#47;</code> the call's statements carry ({@code history.page}, {@code
 *     profile.update}, {@code session.transaction})
 * @param duration from the call to its return or throw, validation and connection wait included
 * @param failure the class of the exception the call threw; empty when it returned
 * @param roundTrips the round trips to the database the call made (0 when refused before any SQL)
 */
public record CompletedOperation(String name, Duration duration, Optional<Class<? extends Throwable>> failure,
    int roundTrips) {

  /**
   * No argument may be null; round trips are not negative.
   *
   * @param name the operation's name
   * @param duration how long the call took
   * @param failure the class of the exception thrown, or empty
   * @param roundTrips the round trips made
   */
  public CompletedOperation {
    Checks.present(name, "name");
    Checks.present(duration, "duration");
    Checks.present(failure, "failure");
    if (roundTrips < 0) {
      throw new InvalidInputException("roundTrips", "cannot be negative: " + roundTrips);
    }
  }

  /**
   * Whether the call returned normally.
   *
   * @return true when it returned, false when it threw
   */
  public boolean succeeded() {
    return failure.isEmpty();
  }

  /**
   * The outcome as a metric tag would carry it.
   *
   * @return {@code success}, or the simple name of the exception's class (say {@code
   *     NotFoundException})
   */
  public String outcome() {
    return failure.map(Class::getSimpleName).orElse("success");
  }
}
