package io.inrvo.data;

/**
 * The user the call acts for has no profile row ({@code public.users}) yet, so nothing can be saved
 * for them: a write referring to the user failed its foreign key (SQLSTATE 23503 on a {@code
 * user_id} column), or a call that reads the profile found none.
 *
 * <p>The application creates the row when the user signs up, before it saves anything for them (on
 * Supabase, typically a trigger on {@code auth.users}). Retrying does not help until then. A
 * {@link NotFoundException}, so code that treats the user's missing profile as "not found" keeps
 * working, but the end user cannot fix it: {@link #whoMustAct()} is the application.
 */
public class NotSignedUpException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no database cause.
   *
   * @param message what is missing and what to do
   */
  public NotSignedUpException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what is missing and what to do
   * @param sqlState the SQLSTATE of the database error, or null when there is none
   * @param cause the database error, kept for logs and diagnosis; may be null
   */
  public NotSignedUpException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link WhoMustAct#APPLICATION}
   */
  @Override
  public WhoMustAct whoMustAct() {
    return WhoMustAct.APPLICATION;
  }
}
