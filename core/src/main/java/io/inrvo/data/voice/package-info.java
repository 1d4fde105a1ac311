/** Voice profiles (with the covering-index lookup TTS workers use) and voice clones. */
package io.inrvo.data.voice;
