/** The caller's own profile, audio tag presets and the caller's audio tag preferences. */
package io.inrvo.data.profile;
