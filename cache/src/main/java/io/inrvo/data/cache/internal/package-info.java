/** Implementation of the cache module; not API, may change in any release. */
package io.inrvo.data.cache.internal;
