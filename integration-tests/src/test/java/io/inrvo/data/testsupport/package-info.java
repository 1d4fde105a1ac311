/**
 * Test support shared by core's tests; test code, never shipped.
 *
 * <ul>
 *   <li>{@link io.inrvo.data.testsupport.Superuser}: fixture and assertion SQL as the test
 *       superuser, which bypasses row-level security.
 *   <li>{@link io.inrvo.data.testsupport.CapturedStatements}: the statements the library sends,
 *       as a {@code StatementListener} and JUnit extension that fails a test whose statements
 *       select {@code *} ({@link io.inrvo.data.testsupport.SelectStar}).
 *   <li>{@link io.inrvo.data.testsupport.Plan}: {@code EXPLAIN (FORMAT JSON)} of a captured
 *       statement under its caller's role and claims ({@link
 *       io.inrvo.data.testsupport.RequestContext}), or as the superuser, and checks on its nodes.
 *   <li>{@link io.inrvo.data.testsupport.Pools}: a connection pool over the test database.
 *   <li>{@link io.inrvo.data.testsupport.InrvoAssertions}: assertions on the library's exceptions.
 * </ul>
 */
package io.inrvo.data.testsupport;
