package io.inrvo.data.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link InrvoDatabaseExtension} for the admin named {@link #value()}: on a parameter of type
 * {@link io.inrvo.data.Session}, an admin session ({@code Inrvo.asAdmin}) of the injected {@code
 * Inrvo}; on a parameter of type {@link java.util.UUID}, the admin's id.
 *
 * <p>The admin is created on first use with role {@code admin} ({@link TestUsers#createAdmin}),
 * so the database's {@code is_admin()} confirms it and admin calls succeed; like {@link TestUser},
 * it keeps its id for the rest of the class. To test a non-admin's admin call, take a {@link
 * TestUser}'s id and call {@code inrvo.asAdmin(id)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface TestAdmin {

  /**
   * The admin's name within the test class.
   *
   * @return 1 to 64 characters of {@code [A-Za-z0-9._-]}
   */
  String value();
}
