/**
 * Micrometer meters for inrvo-data: bind them to the application's {@code MeterRegistry}.
 *
 * <ul>
 *   <li>{@link io.inrvo.data.micrometer.OperationMetrics}: an {@code OperationListener} timing every
 *       repository call ({@code inrvo.operation}, tags {@code operation} and {@code outcome}) and
 *       counting its round trips ({@code inrvo.operation.round.trips}).
 *   <li>{@link io.inrvo.data.micrometer.CachingMetrics}: a {@code MeterBinder} over a {@code
 *       CachingInrvo}'s statistics: caches, deduplicators, the invalidation listener.
 *   <li>{@link io.inrvo.data.micrometer.AnalyticsRefresherMetrics}: a {@code MeterBinder} over an
 *       {@code AnalyticsRefresher}'s runs.
 * </ul>
 *
 * <p>Names follow Micrometer's conventions (dot-separated, lower case, base units); no tag carries
 * a user id or any other value of a call: operations, caches and exception classes only.
 */
package io.inrvo.data.micrometer;
