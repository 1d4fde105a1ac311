/** Where meditation audio bytes live: the {@link io.inrvo.data.audio.AudioStore} SPI. */
package io.inrvo.data.audio;
