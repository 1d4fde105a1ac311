/** Agent conversations: atomic appends, containment search on the GIN index, archiving, transcripts. */
package io.inrvo.data.conversation;
