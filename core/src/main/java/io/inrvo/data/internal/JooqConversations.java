package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.AGENT_CONVERSATIONS;
import static io.inrvo.data.model.Tables.AGENT_CONVERSATION_ARCHIVE;

import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.conversation.Conversation;
import io.inrvo.data.conversation.ConversationRepository;
import io.inrvo.data.conversation.ConversationSummary;
import io.inrvo.data.conversation.Transcript;
import io.inrvo.data.model.Routines;
import io.inrvo.data.model.tables.AgentConversationArchive;
import io.inrvo.data.model.tables.AgentConversations;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * {@link ConversationRepository} on jOOQ. Every statement filters {@code user_id = <caller>} on
 * top of RLS, so an admin session (whom RLS lets read every row) still only sees its own
 * conversations here, and another user's conversation is indistinguishable from an absent one.
 *
 * <p>Round trips per call (besides the transaction's context statement): one statement each. The
 * append, the frequent call, is a {@link FixedStatement} rendered once; the others are rendered
 * per call.
 */
final class JooqConversations implements ConversationRepository {

  /** Preferences are small settings objects. */
  static final int MAX_PREFERENCES_CHARS = 16 * 1024;
  /** One append carries at most this much JSON text. */
  static final int MAX_APPEND_CHARS = 1024 * 1024;
  /** A containment pattern is a few keys, not a document. */
  static final int MAX_CONTAINMENT_CHARS = 16 * 1024;
  static final int MAX_SEARCH_LIMIT = 100;
  static final int MAX_KEEP_RECENT = 10_000;
  static final int MAX_TRANSCRIPT_LIMIT = 500;

  private static final Pattern ID = Pattern.compile(ID_PATTERN);
  private static final AgentConversations C = AGENT_CONVERSATIONS;
  private static final AgentConversationArchive A = AGENT_CONVERSATION_ARCHIVE;

  // jOOQ has no type for int4range, so the generated field is deprecated; only lower()/upper() of it are read.
  @SuppressWarnings("deprecation")
  private static final Field<Object> MESSAGE_RANGE = A.MESSAGE_RANGE;

  private static final Param<JSONB> MESSAGES = FixedStatement.param("messages", SQLDataType.JSONB);
  private static final Param<String> CONVERSATION = FixedStatement.param("conversation", String.class);
  private static final Param<UUID> USER = FixedStatement.param("user", UUID.class);

  /**
   * One UPDATE: the row lock orders concurrent appends and archive_old_messages, and under READ
   * COMMITTED a waiting UPDATE re-reads the newest row, so nothing is lost. The trigger derives
   * message_count; greatest() keeps updated_at from going back when an older transaction commits
   * last. A fixed statement: appends are frequent, and rendering them per call cost more CPU than
   * the rest of the call.
   */
  private static final FixedStatement<Integer> APPEND = FixedStatement.write(
      Rendering.RENDERER.update(C)
          .set(C.MESSAGES, DSL.field("{0} || {1}", SQLDataType.JSONB, C.MESSAGES, MESSAGES))
          .set(C.UPDATED_AT, DSL.greatest(C.UPDATED_AT, DSL.currentOffsetDateTime()))
          .where(C.ID.eq(CONVERSATION), C.USER_ID.eq(USER))
          .returningResult(C.MESSAGE_COUNT),
      r -> r.get(C.MESSAGE_COUNT));

  private final Scope scope;

  JooqConversations(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Optional<Conversation> latest() {
    UUID caller = scope.caller().requireUserId();
    // (user_id, updated_at desc) index: the first index entry is the answer, no sort.
    return scope.query(dsl -> dsl.select(conversationFields(caller))
        .from(C)
        .where(C.USER_ID.eq(caller))
        .orderBy(C.UPDATED_AT.desc())
        .limit(1))
        .stream().findFirst().map(JooqConversations::toConversation);
  }

  @Override
  public Optional<Conversation> find(String id) {
    checkId(id);
    UUID caller = scope.caller().requireUserId();
    return scope.query(dsl -> dsl.select(conversationFields(caller))
        .from(C)
        .where(C.ID.eq(id), C.USER_ID.eq(caller)))
        .stream().findFirst().map(JooqConversations::toConversation);
  }

  @Override
  public Conversation create(String id, JSONB preferences) {
    checkId(id);
    Checks.jsonObject(preferences, "preferences", MAX_PREFERENCES_CHARS);
    UUID caller = scope.caller().requireUserId();
    // A new id has no archive (rows of a deleted namesake went with it: ON DELETE CASCADE).
    return scope.update(dsl -> dsl.insertInto(C)
        .set(C.ID, id)
        .set(C.USER_ID, caller)
        .set(C.PREFERENCES, preferences)
        .returningResult(C.ID, C.USER_ID, C.MESSAGES, C.MESSAGE_COUNT, DSL.inline(0L), C.PREFERENCES,
            C.SESSION_STATE, C.IS_ARCHIVED, C.ARCHIVED_AT, C.CREATED_AT, C.UPDATED_AT))
        .stream().findFirst().map(JooqConversations::toConversation).orElseThrow();
  }

  @Override
  public int append(String id, JSONB messages) {
    checkId(id);
    Checks.jsonArrayOfObjects(messages, "messages", MAX_APPEND_CHARS);
    UUID caller = scope.caller().requireUserId();
    List<Integer> count = scope.fetch(APPEND.bind(MESSAGES, messages).bind(CONVERSATION, id).bind(USER, caller));
    if (count.isEmpty()) {
      throw notFound(id);
    }
    return count.get(0);
  }

  @Override
  public List<ConversationSummary> search(JSONB containment, int limit) {
    Checks.jsonArrayOfObjects(containment, "containment", MAX_CONTAINMENT_CHARS);
    Checks.range(limit, "limit", 1, MAX_SEARCH_LIMIT);
    UUID caller = scope.caller().requireUserId();
    // Live and archived messages: the ids of the caller's conversations whose live array matches
    // (idx_agent_conversations_messages_gin) or one of whose archived chunks matches
    // (idx_agent_conversation_archive_messages_gin), as one union; then their summaries.
    Field<JSONB> pattern = DSL.val(containment, SQLDataType.JSONB);
    var matching = DSL.select(C.ID).from(C).where(C.USER_ID.eq(caller), contains(C.MESSAGES, pattern))
        .union(DSL.select(A.CONVERSATION_ID).from(A).where(A.USER_ID.eq(caller), contains(A.MESSAGES, pattern)));
    return scope.query(dsl -> dsl.select(C.ID, C.MESSAGE_COUNT, C.CREATED_AT, C.UPDATED_AT)
        .from(C)
        .where(C.USER_ID.eq(caller), C.ID.in(matching))
        .orderBy(C.UPDATED_AT.desc(), C.ID)
        .limit(limit))
        .stream()
        .map(r -> new ConversationSummary(r.get(C.ID), r.get(C.MESSAGE_COUNT), r.get(C.CREATED_AT), r.get(C.UPDATED_AT)))
        .toList();
  }

  @Override
  public int archiveOldMessages(String id, int keepRecent) {
    checkId(id);
    Checks.range(keepRecent, "keepRecent", 0, MAX_KEEP_RECENT);
    UUID caller = scope.caller().requireUserId();
    // The function itself lets admins archive anyone's conversation and answers 42501 to other
    // users; calling it only on a row the caller owns makes both cases "not found", as promised.
    Optional<Integer> archived = scope.update(dsl -> dsl
        .select(Routines.archiveOldMessages(C.ID, DSL.val(keepRecent)))
        .from(C)
        .where(C.ID.eq(id), C.USER_ID.eq(caller)))
        .stream().findFirst().map(r -> r.get(0, Integer.class));
    return archived.orElseThrow(() -> notFound(id));
  }

  @Override
  public Transcript transcript(String id, long fromPosition, int limit) {
    checkId(id);
    Checks.range(fromPosition, "fromPosition", 1, ConversationTranscriptQuery.MAX_POSITION);
    Checks.range(limit, "limit", 1, MAX_TRANSCRIPT_LIMIT);
    UUID caller = scope.caller().requireUserId();
    return scope.read(dsl -> ConversationTranscriptQuery.fetch(dsl, id, caller, fromPosition, limit))
        .orElseThrow(() -> notFound(id));
  }

  @Override
  public void delete(String id) {
    checkId(id);
    UUID caller = scope.caller().requireUserId();
    // Archive chunks go with the row (ON DELETE CASCADE).
    boolean deleted = !scope.update(dsl -> dsl.deleteFrom(C).where(C.ID.eq(id), C.USER_ID.eq(caller)).returning(C.ID))
        .isEmpty();
    if (!deleted) {
      throw notFound(id);
    }
  }

  private static Condition contains(Field<JSONB> messages, Field<JSONB> pattern) {
    return DSL.condition("{0} @> {1}", messages, pattern);
  }

  private static void checkId(String id) {
    Checks.present(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new InvalidInputException("id", "must be 1 to 128 characters of [A-Za-z0-9_.:-]");
    }
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("conversation " + id + " not found; it does not exist or is not yours");
  }

  /**
   * How many messages are archived: the upper bound of the last chunk minus one, found through the
   * {@code (conversation_id, lower(message_range))} index; chunks are contiguous from position 1.
   */
  static Field<Long> archivedTotal(Field<String> conversationId, UUID caller) {
    Field<Long> lastUpper = DSL.field("upper({0})", SQLDataType.BIGINT, MESSAGE_RANGE);
    return DSL.coalesce(
        DSL.field(DSL.select(lastUpper.minus(DSL.inline(1L)))
            .from(A)
            .where(A.CONVERSATION_ID.eq(conversationId), A.USER_ID.eq(caller))
            .orderBy(DSL.field("lower({0})", SQLDataType.INTEGER, MESSAGE_RANGE).desc())
            .limit(1)),
        DSL.inline(0L));
  }

  private static List<SelectField<?>> conversationFields(UUID caller) {
    return List.of(C.ID, C.USER_ID, C.MESSAGES, C.MESSAGE_COUNT, archivedTotal(C.ID, caller), C.PREFERENCES,
        C.SESSION_STATE, C.IS_ARCHIVED, C.ARCHIVED_AT, C.CREATED_AT, C.UPDATED_AT);
  }

  /** Maps a row of the eleven {@link #conversationFields} in their order. */
  private static Conversation toConversation(Record r) {
    return new Conversation(
        r.get(0, String.class),
        r.get(1, UUID.class),
        r.get(2, JSONB.class),
        r.get(3, Integer.class),
        r.get(4, Long.class),
        r.get(5, JSONB.class),
        r.get(6, JSONB.class),
        r.get(7, Boolean.class),
        Optional.ofNullable(r.get(8, OffsetDateTime.class)),
        r.get(9, OffsetDateTime.class),
        r.get(10, OffsetDateTime.class));
  }
}
