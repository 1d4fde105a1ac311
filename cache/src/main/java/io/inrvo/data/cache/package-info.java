/**
 * Caching in front of the core repositories: TTL caches, an in-flight query deduplicator, and
 * invalidation that holds across application instances.
 *
 * <p>Start with {@link io.inrvo.data.cache.CachingInrvo}: it wraps an {@code Inrvo} so that its
 * sessions read through caches, drops the writer's entries after each write, and starts the
 * listener that keeps instances coherent; {@link io.inrvo.data.cache.CachingStats} reports what it
 * did. The types below are its building blocks, public for applications that cache their own
 * queries.
 *
 * <ul>
 *   <li>{@link io.inrvo.data.cache.QueryKey}: what identifies a result; it always carries the
 *       caller, so results never cross between users.
 *   <li>{@link io.inrvo.data.cache.Deduplicator}: merges concurrent identical calls into one
 *       execution; caches nothing.
 *   <li>{@link io.inrvo.data.cache.ValueCache}, created by a {@link
 *       io.inrvo.data.cache.CacheBackend} (Caffeine, or JCache through resilience4j-cache) from a
 *       {@link io.inrvo.data.cache.CacheSpec}: values with a time to live and a size bound.
 *       {@link io.inrvo.data.cache.CacheSettings} holds the library's defaults.
 *   <li>{@link io.inrvo.data.cache.QueryCache}: both of the above, plus generation fencing so that
 *       an invalidation is never undone by a load that was already running.
 *   <li>{@link io.inrvo.data.cache.InvalidationListener}: LISTENs for the change notifications the
 *       schema's triggers send and hands them to an {@link io.inrvo.data.cache.InvalidationHandler}, such
 *       as {@link io.inrvo.data.cache.InvalidationRoutes}.
 * </ul>
 *
 * <p>Implementation lives in {@code io.inrvo.data.cache.internal}, which is not API.
 */
package io.inrvo.data.cache;
