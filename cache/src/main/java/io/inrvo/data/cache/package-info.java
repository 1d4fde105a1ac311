/**
 * TTL caches and an in-flight query deduplicator in front of the core repositories, with
 * invalidation on writes and across application instances.
 */
package io.inrvo.data.cache;
