package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The deparsed forms here are what pg_policies shows for the policies written in the comments. */
class PolicyScannerTest {

  @Test
  void wrappedCallIsNotReported() {
    // USING (id = (select auth.uid()))
    assertEquals(List.of(), PolicyScanner.perRowCalls("(id = ( SELECT auth.uid() AS uid))"));
  }

  @Test
  void bareCallIsReported() {
    assertEquals(List.of("auth.uid()"), PolicyScanner.perRowCalls("(id = auth.uid())"));
  }

  @Test
  void bareCallNextToAWrappedOneIsStillReported() {
    // a text search for "select auth.uid()" would call this policy fine
    assertEquals(List.of("auth.uid()"),
        PolicyScanner.perRowCalls("((id = ( SELECT auth.uid() AS uid)) OR (owner = auth.uid()))"));
  }

  @Test
  void callInsideAnExpressionOfAWrappingSelectIsNotReported() {
    // USING (((select auth.jwt()) ->> 'role') = 'admin') and (select auth.jwt() ->> 'role')
    assertEquals(List.of(), PolicyScanner.perRowCalls("((( SELECT auth.jwt() AS jwt) ->> 'role'::text) = 'admin'::text)"));
    assertEquals(List.of(), PolicyScanner.perRowCalls("(( SELECT (auth.jwt() ->> 'role'::text)) = 'admin'::text)"));
  }

  @Test
  void callInASubqueryWithFromIsReported() {
    assertEquals(List.of("auth.uid()"), PolicyScanner.perRowCalls(
        "(EXISTS ( SELECT 1 FROM api.members m WHERE ((m.team_id = team_id) AND (m.user_id = auth.uid()))))"));
  }

  @Test
  void currentSettingIsReportedUnlessWrapped() {
    assertEquals(List.of("current_setting("), PolicyScanner.perRowCalls(
        "(owner = (current_setting('request.jwt.claim.sub'::text, true))::uuid)"));
    assertEquals(List.of(), PolicyScanner.perRowCalls(
        "(owner = ( SELECT (current_setting('request.jwt.claim.sub'::text, true))::uuid AS current_setting))"));
  }

  @Test
  void textInLiteralsAndOtherNamesIsIgnored() {
    assertEquals(List.of(), PolicyScanner.perRowCalls("(note = 'auth.uid() and ''auth.role()'''::text)"));
    assertEquals(List.of(), PolicyScanner.perRowCalls("(\"auth.uid()\" = myauth.uid())"));
    assertEquals(List.of(), PolicyScanner.perRowCalls(null));
  }

  @Test
  void everyClaimFunctionIsRecognized() {
    assertEquals(List.of("auth.role()", "auth.email()", "auth.jwt()"), PolicyScanner.perRowCalls(
        "((auth.role() = 'authenticated'::text) AND (email = auth.email()) AND ((auth.jwt() ->> 'aal'::text) = 'aal2'::text))"));
  }
}
