package io.inrvo.data.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link InrvoDatabaseExtension} for the end user named {@link #value()}: on a parameter of
 * type {@link io.inrvo.data.Session}, that user's session ({@code Inrvo.asUser}) of the injected
 * {@code Inrvo}; on a parameter of type {@link java.util.UUID}, the user's id.
 *
 * <pre>{@code
 * @Test
 * void aliceNeverSeesBobsHistory(@TestUser("alice") Session alice, @TestUser("bob") UUID bob) { ... }
 * }</pre>
 *
 * <p>The user is created on first use in the class's database ({@link TestUsers#create}, e-mail
 * {@code <name>@inrvo.test}, role {@code user}) and keeps its id for the rest of the class, across
 * test methods, constructors and lifecycle methods. A name is one user: asking for it with
 * {@link TestAdmin} too is an error.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface TestUser {

  /**
   * The user's name within the test class.
   *
   * @return 1 to 64 characters of {@code [A-Za-z0-9._-]}
   */
  String value();
}
