/**
 * Typed access to the INrVO schema behind per-user sessions that PostgreSQL row-level security
 * enforces.
 *
 * <p>Start with {@link io.inrvo.data.Inrvo#create(javax.sql.DataSource)} (or {@link
 * io.inrvo.data.Inrvo#builder(javax.sql.DataSource)}), then pick a {@link io.inrvo.data.Session}:
 * {@link io.inrvo.data.Inrvo#asUser(java.util.UUID)}, {@link
 * io.inrvo.data.Inrvo#asAdmin(java.util.UUID)} or {@link io.inrvo.data.Inrvo#asService()}. Every
 * repository call is one transaction that first sets, transaction-locally, the database role and
 * the JWT claims exactly as PostgREST does, so {@code auth.uid()} and the RLS policies see the
 * caller; nothing is left on the pooled connection afterwards.
 *
 * <p>Failures are unchecked {@link io.inrvo.data.InrvoException}s, one class per situation, each
 * saying who must act ({@link io.inrvo.data.WhoMustAct}) and whether a retry may help; {@link
 * io.inrvo.data.DatabaseErrors} translates database failures into them. Methods never return null:
 * "maybe absent" is an {@link java.util.Optional}.
 */
package io.inrvo.data;
