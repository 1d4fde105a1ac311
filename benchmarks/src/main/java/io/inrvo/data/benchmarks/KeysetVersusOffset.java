package io.inrvo.data.benchmarks;

import io.inrvo.data.CountPolicy;
import io.inrvo.data.Cursor;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.history.MeditationSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The page of 20 rows at depth 4,000 of a heavy user's history (report row {@code
 * history.deep-page.keyset}), both through the library: by keyset (the cursor the previous page
 * returned) and by {@code PageRequest.atOffset(4000)}.
 * Both without a total ({@link CountPolicy#NONE}), so only the page itself is compared; both
 * return the same rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeysetVersusOffset extends Interleaved {

  private static final int SIZE = 20;

  private Rotation<Deep> deep;
  private int depth;

  /** One heavy user's session and the cursor that ends at {@code depth}. */
  private record Deep(Session session, Cursor cursor) {}

  @Override
  void prepare(BenchEnvironment environment) {
    depth = environment.depth();
    Inrvo inrvo = Fixtures.library(dataSource);
    List<Deep> users = new ArrayList<>();
    for (UUID user : Fixtures.heavyUsers(dataSource)) {
      Session session = inrvo.asUser(user);
      Page<MeditationSummary> before = session.history()
          .page(PageRequest.first(SIZE).withCount(CountPolicy.NONE).atOffset(depth - SIZE));
      Page<MeditationSummary> keyset = session.history().page(request().after(before.next().orElseThrow(
          () -> new IllegalStateException("user " + user + " has fewer than " + (depth + SIZE) + " rows"))));
      Page<MeditationSummary> offset = session.history().page(request().atOffset(depth));
      if (keyset.items().size() != SIZE || !keyset.items().equals(offset.items())) {
        throw new IllegalStateException("keyset and offset pages differ at depth " + depth + " for " + user);
      }
      users.add(new Deep(session, before.next().orElseThrow()));
    }
    deep = new Rotation<>(users);
  }

  @Override
  List<Member> members() {
    return List.of(
        new Member("keyset", this::keyset),
        new Member("offset", this::offset));
  }

  private static PageRequest request() {
    return PageRequest.first(SIZE).withCount(CountPolicy.NONE);
  }

  /** The library by keyset: {@code page(first(20).withCount(NONE).after(cursor))}. */
  public Page<MeditationSummary> keyset() {
    Deep d = deep.at(currentCycle());
    return d.session().history().page(request().after(d.cursor()));
  }

  /** The library by OFFSET: {@code page(first(20).withCount(NONE).atOffset(4000))}. */
  public Page<MeditationSummary> offset() {
    return deep.at(currentCycle()).session().history().page(request().atOffset(depth));
  }
}
