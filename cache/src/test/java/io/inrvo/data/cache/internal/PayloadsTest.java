package io.inrvo.data.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.cache.TableChange;
import io.inrvo.data.cache.TableChange.Operation;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  private final UUID user = UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

  @Test
  void readsWhatTheTriggersSend() {
    assertEquals(Optional.of(TableChange.ofUser("meditation_history", user, Operation.INSERT)),
        Payloads.parse("{\"t\":\"meditation_history\",\"u\":\"" + user + "\",\"op\":\"I\"}"));
    assertEquals(Optional.of(TableChange.ofUser("users", user, Operation.UPDATE)),
        Payloads.parse("{\"t\":\"users\",\"u\":\"" + user + "\",\"op\":\"U\"}"));
    assertEquals(Optional.of(TableChange.ofUser("voice_clones", user, Operation.DELETE)),
        Payloads.parse("{\"t\":\"voice_clones\",\"u\":\"" + user + "\",\"op\":\"D\"}"));
    assertEquals(Optional.of(TableChange.wholeTable("audio_tag_presets")),
        Payloads.parse("{\"t\":\"audio_tag_presets\",\"op\":\"*\"}"));
  }

  @Test
  void anythingElseIsUnreadable() {
    assertEquals(Optional.empty(), Payloads.parse(null));
    assertEquals(Optional.empty(), Payloads.parse(""));
    assertEquals(Optional.empty(), Payloads.parse("{\"t\":\"users\",\"op\":\"X\"}"));
    assertEquals(Optional.empty(), Payloads.parse("{\"t\":\"users\",\"u\":\"nope\",\"op\":\"U\"}"));
    assertEquals(Optional.empty(), Payloads.parse("{\"t\": \"users\", \"op\": \"*\"}"), "not the triggers' spacing");
    assertEquals(Optional.empty(), Payloads.parse("{\"t\":\"Users\",\"op\":\"*\"}"));
    assertEquals(Optional.empty(), Payloads.parse("{\"t\":\"users\",\"op\":\"*\"} "));
  }
}
