package io.inrvo.data.schema.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How snapshot lines and catalog definitions are written and read, without a database. */
class SchemaObjectTest {

  @Test
  void aSnapshotLineReadsBackAsTheSameObject() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("command", "SELECT");
    properties.put("using", "(user_id = ( select auth.uid() as uid))");
    properties.put("with check", "");
    SchemaObject policy = new SchemaObject(SchemaObject.Kind.POLICY, "policy own on public.notes", properties);

    assertEquals(policy, SchemaObject.fromLine(policy.toLine()));
    assertEquals("POLICY policy own on public.notes", policy.key());
  }

  @Test
  void indexAndTriggerDefinitionsLoseTheirNamesSoTheyCompareAcrossDatabases() {
    assertEquals("btree (user_id, created_at DESC, id DESC) WHERE is_favorite", SchemaCatalog.indexDefinition(
        "CREATE INDEX idx_a ON public.meditation_history USING btree (user_id, created_at DESC, id DESC) WHERE is_favorite"));
    assertEquals("unique btree (id)", SchemaCatalog.indexDefinition(
        "CREATE UNIQUE INDEX idx_b ON public.admin_analytics_cache USING btree (id)"));
    assertEquals("AFTER TRUNCATE ON public.users FOR EACH STATEMENT EXECUTE FUNCTION public.f()",
        SchemaCatalog.triggerDefinition("CREATE TRIGGER \"odd name\" AFTER TRUNCATE ON public.users "
            + "FOR EACH STATEMENT EXECUTE FUNCTION public.f()"));
  }

  @Test
  void supabaseFileNamesAreTimestampsDerivedFromTheVersion() {
    assertEquals("20261124000002_inrvo_baseline.sql", SupabaseExport.fileName("V2__inrvo_baseline.sql"));
    assertEquals("20261124000012_inrvo_security_definer_only_where_needed.sql",
        SupabaseExport.fileName("V12__security_definer_only_where_needed.sql"));
    assertEquals("20261124000140_inrvo_later.sql", SupabaseExport.fileName("V100__later.sql"));
  }
}
