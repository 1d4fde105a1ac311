package io.inrvo.data.cache;

/** Why an {@link InvalidationListener} asks to flush every cache. */
public enum FlushReason {
  /** The listener connected for the first time: anything cached before may already be stale. */
  CONNECTED,
  /** The listener connected again after losing its connection: notifications sent meanwhile were lost. */
  RECONNECTED,
  /**
   * The listener lost its connection: until it connects again ({@link #RECONNECTED}), changes are not
   * heard. Dropping everything now means nothing cached before the loss is served during it.
   */
  DISCONNECTED,
  /** A notification on the channel could not be read, so it is not known what changed. */
  UNREADABLE_NOTIFICATION,
  /** The handler threw on a change, so that change may not have been applied. */
  HANDLER_FAILED
}
