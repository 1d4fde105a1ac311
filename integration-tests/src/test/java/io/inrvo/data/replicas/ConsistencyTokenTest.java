package io.inrvo.data.replicas;

import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.ConsistencyToken;
import org.junit.jupiter.api.Test;

/** The token's text form, as an application's session store keeps it, and what it rejects before any SQL. */
class ConsistencyTokenTest {

  @Test
  void theTextFormIsPostgresLogPositionAndReadsBack() {
    ConsistencyToken token = new ConsistencyToken(0x16_B374D848L);

    assertEquals("wal:16/B374D848", token.toString());
    assertEquals(token, ConsistencyToken.parse(token.toString()));
    assertEquals(token, ConsistencyToken.parse("wal:16/b374d848"));
    assertEquals(new ConsistencyToken(0), ConsistencyToken.parse("wal:0/0"));
  }

  @Test
  void theLaterOfTwoTokensWins() {
    ConsistencyToken earlier = ConsistencyToken.parse("wal:0/3000148");
    ConsistencyToken later = ConsistencyToken.parse("wal:1/0");

    assertEquals(later, earlier.max(later));
    assertEquals(later, later.max(earlier));
  }

  @Test
  void malformedTokensAreRejectedNamingTheField() {
    for (String text : new String[] {null, "", "0/3000148", "wal:", "wal:3000148", "wal:x/1", "wal:1/100000000",
        "wal:-1/0", "wal:80000000/0"}) {
      assertInvalid("consistencyToken", () -> ConsistencyToken.parse(text));
    }
    assertInvalid("consistencyToken", () -> new ConsistencyToken(-1));
  }
}
