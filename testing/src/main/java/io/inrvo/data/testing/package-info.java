/**
 * A JUnit 5 kit for integration tests against a real PostgreSQL.
 *
 * <ul>
 *   <li>{@link io.inrvo.data.testing.InrvoDatabaseExtension} gives each test class its own
 *       database, cloned from a template migrated with the INrVO migrations, and resolves what
 *       tests need as parameters: the {@code DataSource}, an {@code Inrvo} with its {@link
 *       io.inrvo.data.testing.CapturedStatements}, and named users' sessions ({@link
 *       io.inrvo.data.testing.TestUser}, {@link io.inrvo.data.testing.TestAdmin}, {@link
 *       io.inrvo.data.testing.ServiceSession}).
 *   <li>{@link io.inrvo.data.testing.TestSql} runs fixture and assertion SQL; {@link
 *       io.inrvo.data.testing.RequestContext} runs raw SQL as a PostgREST request would, to test
 *       row-level security policies; {@link io.inrvo.data.testing.TestUsers} creates users
 *       directly.
 *   <li>{@link io.inrvo.data.testing.InrvoAssertions} asserts on the library's exceptions.
 *   <li>{@link io.inrvo.data.testing.contract.InrvoContract} is the repository contract every
 *       {@code Inrvo}, and every wrapper of one, must keep.
 * </ul>
 */
package io.inrvo.data.testing;
