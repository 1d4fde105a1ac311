/**
 * A JUnit 5 kit for integration tests against a real PostgreSQL: {@link
 * io.inrvo.data.testing.InrvoDatabaseExtension} gives each test class its own database, cloned
 * from a template migrated with the INrVO migrations, and drops it afterwards.
 */
package io.inrvo.data.testing;
