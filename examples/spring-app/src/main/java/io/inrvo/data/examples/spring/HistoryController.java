package io.inrvo.data.examples.spring;

import io.inrvo.data.Cursor;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's meditation history, a page at a time, and saving one. The user is the
 * {@code X-User-Id} header here; a real application takes it from the JWT it has verified.
 */
@RestController
public class HistoryController {

  private final Inrvo inrvo;

  /**
   * The controller over the starter's {@code Inrvo} bean.
   *
   * @param inrvo the auto-configured instance (a {@code CachingInrvo})
   */
  public HistoryController(Inrvo inrvo) {
    this.inrvo = inrvo;
  }

  /**
   * One page of the user's history, newest first.
   *
   * @param user the signed-in user
   * @param size the page size, 1 to 100
   * @param after the {@code next} of the previous page; absent for the first page
   * @return the page and the cursor of the next one
   */
  @GetMapping("/history")
  public HistoryPage page(@RequestHeader("X-User-Id") UUID user, @RequestParam(name = "size", defaultValue = "20") int size,
      @RequestParam(name = "after", required = false) String after) {
    PageRequest request = PageRequest.first(size);
    Page<MeditationSummary> page = inrvo.asUser(user).history()
        .page(after == null ? request : request.after(Cursor.of(after)));
    return new HistoryPage(page.items().stream().map(Item::of).toList(),
        page.next().map(Cursor::token).orElse(null));
  }

  /**
   * Saves a meditation for the user.
   *
   * @param user the signed-in user
   * @param body the prompt
   * @return the new meditation's id
   */
  @PostMapping("/history")
  public ResponseEntity<Saved> save(@RequestHeader("X-User-Id") UUID user, @RequestBody NewPrompt body) {
    UUID id = inrvo.asUser(user).history().save(NewMeditation.withPrompt(body.prompt()));
    return ResponseEntity.status(HttpStatus.CREATED).body(new Saved(id));
  }

  /**
   * The library's exceptions as HTTP statuses, by who must act.
   *
   * @param e the library's exception
   * @return 400 for the end user, 409 for the application, 503 for the operator
   */
  @ExceptionHandler(InrvoException.class)
  public ResponseEntity<String> failed(InrvoException e) {
    HttpStatus status = switch (e.whoMustAct()) {
      case END_USER -> HttpStatus.BAD_REQUEST;
      case APPLICATION -> HttpStatus.CONFLICT;
      case OPERATOR -> HttpStatus.SERVICE_UNAVAILABLE;
    };
    return ResponseEntity.status(status).body(e.getMessage());
  }

  /**
   * A page of the history as JSON.
   *
   * @param items the meditations, newest first
   * @param next the cursor of the next page; null on the last
   */
  public record HistoryPage(List<Item> items, String next) {}

  /**
   * One meditation of a page.
   *
   * @param id its id
   * @param prompt what the user asked for
   * @param favorite whether the user marked it
   * @param createdAt when it was saved
   */
  public record Item(UUID id, String prompt, boolean favorite, OffsetDateTime createdAt) {
    static Item of(MeditationSummary m) {
      return new Item(m.id(), m.prompt(), m.favorite(), m.createdAt());
    }
  }

  /**
   * The body of a save.
   *
   * @param prompt what the user asked for
   */
  public record NewPrompt(String prompt) {}

  /**
   * The answer to a save.
   *
   * @param id the new meditation's id
   */
  public record Saved(UUID id) {}
}
