package io.inrvo.data.internal;

import io.inrvo.data.conversation.Transcript;
import io.inrvo.data.conversation.TranscriptMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record3;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The transcript page query: one statement, so archive chunks and the live array come from one
 * snapshot even under READ COMMITTED (archive_old_messages moves messages between them in one
 * transaction, which a single statement sees either wholly or not at all).
 *
 * <p>Positions: an archived message is {@code lower(message_range) + ordinal - 1}; a live one is
 * {@code archived + ordinal}, where {@code archived} is the last chunk's {@code upper - 1} (chunks
 * are contiguous from 1). Only chunks overlapping {@code [from, from + limit]} are expanded, found
 * through the {@code (conversation_id, lower(message_range))} index. The CTE is materialized so
 * the archived count is computed once, not again inside the lateral page query. Plain SQL because
 * jOOQ's DSL has no concise form for {@code jsonb_array_elements ... WITH ORDINALITY} in a lateral
 * union.
 */
final class ConversationTranscriptQuery {

  /** Positions are {@code int4} in {@code message_range}. */
  static final long MAX_POSITION = Integer.MAX_VALUE;

  private static final Field<Long> TOTAL = DSL.field(DSL.name("total"), SQLDataType.BIGINT);
  private static final Field<Long> POS = DSL.field(DSL.name("pos"), SQLDataType.BIGINT);
  private static final Field<JSONB> MSG = DSL.field(DSL.name("msg"), SQLDataType.JSONB);

  // Binds: 1 id, 2 caller, 3 caller, 4 from, 5 from + limit (last wanted position), 6 from, 7 limit + 1.
  private static final String SQL = """
      with conv as materialized (
        select c.id, c.messages, c.message_count,
               coalesce((select upper(a.message_range) - 1
                         from public.agent_conversation_archive a
                         where a.conversation_id = c.id and a.user_id = c.user_id
                         order by lower(a.message_range) desc
                         limit 1), 0) as archived
        from public.agent_conversations c
        where c.id = ? and c.user_id = ?
      )
      select (conv.archived + conv.message_count)::bigint as total, p.pos, p.msg
      from conv
      left join lateral (
        select x.pos, x.msg
        from (
          select lower(a.message_range)::bigint + m.ord - 1, m.elem
          from public.agent_conversation_archive a
          cross join lateral jsonb_array_elements(a.messages) with ordinality as m(elem, ord)
          where a.conversation_id = conv.id and a.user_id = ?
            and upper(a.message_range) > ? and lower(a.message_range) <= ?
          union all
          select conv.archived + m.ord, m.elem
          from jsonb_array_elements(conv.messages) with ordinality as m(elem, ord)
        ) as x(pos, msg)
        where x.pos >= ?
        order by x.pos
        limit ?
      ) as p on true
      order by p.pos""";

  private ConversationTranscriptQuery() {}

  /** The page, or empty when the conversation is absent or not the caller's. */
  static Optional<Transcript> fetch(DSLContext dsl, String id, UUID caller, long from, int limit) {
    Result<Record3<Long, Long, JSONB>> rows = dsl
        .resultQuery(SQL, id, caller, caller, from, from + limit, from, limit + 1)
        .coerce(TOTAL, POS, MSG)
        .fetch();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    long total = rows.get(0).value1();
    List<TranscriptMessage> messages = new ArrayList<>(Math.min(rows.size(), limit));
    OptionalLong next = OptionalLong.empty();
    for (Record3<Long, Long, JSONB> row : rows) {
      if (row.value2() == null) {
        break; // the left join's single empty row: nothing at or after `from`
      }
      if (messages.size() == limit) {
        next = OptionalLong.of(row.value2());
        break;
      }
      messages.add(new TranscriptMessage(row.value2(), row.value3()));
    }
    return Optional.of(new Transcript(messages, total, next));
  }
}
