/** Implementation of the repositories and sessions; not API, may change in any release. */
package io.inrvo.data.internal;
