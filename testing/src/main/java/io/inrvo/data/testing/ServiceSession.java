package io.inrvo.data.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link InrvoDatabaseExtension} for the service session ({@code Inrvo.asService}, role
 * {@code service_role}, which bypasses row-level security) of the injected {@code Inrvo}, on a
 * parameter of type {@link io.inrvo.data.Session}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ServiceSession {}
