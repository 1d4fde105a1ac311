/**
 * Test support for these integration tests only (test code, never shipped); what library users
 * need too lives in the test kit, {@code io.inrvo.data.testing}.
 *
 * <ul>
 *   <li>{@link io.inrvo.data.testsupport.SelectStar}: the check that no statement selects {@code
 *       *}, run over every statement of a class through {@code
 *       InrvoDatabaseExtension.checkStatements}.
 *   <li>{@link io.inrvo.data.testsupport.Databases}: the kit's database extension as these tests
 *       register it (with that check; or on a pool of one connection).
 *   <li>{@link io.inrvo.data.testsupport.PooledConnection}: the check that calls leave nothing on a
 *       pooled connection.
 *   <li>{@link io.inrvo.data.testsupport.Plan}: {@code EXPLAIN (FORMAT JSON)} of a captured
 *       statement under its caller's role and claims, or of any SQL on a connection, and checks on
 *       its nodes.
 *   <li>{@link io.inrvo.data.testsupport.ContractRun}: the repository contract run from inside a
 *       test against another server, and the check that all of it passed.
 *   <li>{@link io.inrvo.data.testsupport.Poll}: waiting, with a deadline, for what another thread
 *       or session does.
 * </ul>
 */
package io.inrvo.data.testsupport;
