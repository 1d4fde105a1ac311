/** The caller's meditation history: keyset pages, favorites, with-audio, and the atomic save. */
package io.inrvo.data.history;
