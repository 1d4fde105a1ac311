package io.inrvo.data.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.ConflictException;
import io.inrvo.data.Cursor;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.architecture.LibraryModule;
import io.inrvo.data.audio.FileSystemAudioStore;
import io.inrvo.data.conversation.ConversationRepository;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.inputs.HostileValues.Value;
import io.inrvo.data.voice.NewVoiceClone;
import io.inrvo.data.voice.NewVoiceProfile;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public constructor, static factory and copy method ({@code with*}, {@code after}, ...) of
 * the API's value types, and every public method of every repository a user, an admin and a service
 * session reach, called by reflection with hostile values, one parameter at a time while the others
 * hold valid values. The types and methods are found from core's {@code api.packages}, so a new
 * one is walked without a change here. Each call must succeed or throw {@code
 * InvalidInputException} naming the field, checked before any SQL (no SQLSTATE), or, for another
 * user's or an unknown id, a missing sign-in or a refused admin call, the documented {@code
 * NotFoundException}, {@code NotAuthenticatedException} or {@code AccessDeniedException} ({@code
 * ConflictException} only for creating a row under another user's key). A refusal of a value that
 * is never valid (null, NUL, an unpaired surrogate, 20 MB, JSON nested 10,000 deep) names the
 * argument given it: its parameter's name, a name under it ({@code page.after}), or for a {@code
 * with*} method the components it sets. A repository call must refuse text no field takes as given
 * (NUL, an unpaired surrogate, 20 MB), JSON nested 10,000 deep where it takes JSON, and value types
 * built from either: success with one is a violation. A call that fails leaves every table's content
 * (row count and an md5 of its rows, so an UPDATE shows too) and the stored audio files as they were.
 *
 * <p>It is long because the walk (discovery, calls, what each outcome may be, and the ledger of
 * rows and files) reads as one proof; the values tried live in {@link HostileValues}.
 */
class HostileInputTest {

  private static final Path ROOT =
      Path.of(System.getProperty("inrvo.projectRoot", "..")).toAbsolutePath().normalize();

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @TempDir
  static Path audio;

  private final HostileValues values = new HostileValues();
  private final Map<String, Long> outcomes = new TreeMap<>();
  private final Set<String> inputClasses = new TreeSet<>();
  private final List<String> violations = new ArrayList<>();
  /** Input classes of value types built from input no field may take: a repository must refuse them. */
  private final Set<String> mustBeRefused = new TreeSet<>();
  /** Repository calls that had to refuse, and refusals whose field was checked against the argument. */
  private long refusalsRequired;
  private long fieldsChecked;
  private Ledger ledger;

  @Test
  void everyValueTypeAndRepositoryMethodRejectsHostileInputByNameAndWritesNothingWhenItFails() {
    Inrvo inrvo = Inrvo.builder(DB.database().pool(2)).audioStore(new FileSystemAudioStore(audio)).build();
    ledger = new Ledger(DB.database().pool(1), audio);
    seed(inrvo);

    List<Class<?>> types = ApiTypes.valueTypes(LibraryModule.read(ROOT, "core").apiPackages());
    for (int pass = 0; pass < 3; pass++) {
      types.forEach(this::baseline); // a type whose parts are value types needs their baselines first
    }
    for (Class<?> type : types) {
      for (Executable executable : ApiTypes.builders(type)) {
        Object receiver = receiver(executable, type);
        if (receiver == null && executable instanceof Method m && !Modifier.isStatic(m.getModifiers())) {
          violations.add(type.getSimpleName() + ": no instance could be built from valid values to call " + m.getName());
          continue;
        }
        walk(type.getSimpleName(), executable, receiver, false);
      }
    }
    Session[] sessions = {inrvo.asUser(DB.user("hostile")), inrvo.asAdmin(DB.admin("boss")), inrvo.asService()};
    for (Session session : sessions) {
      for (Method repository : ApiTypes.repositories(Session.class)) {
        Object repo = invoke(repository, session);
        for (Method method : ApiTypes.methods(repository.getReturnType())) {
          walk(session.caller().kind() + " " + repository.getName(), method, repo, true);
        }
      }
    }

    long calls = outcomes.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("[hostile] %d calls over %d value types and %d repositories x 3 sessions; outcomes %s%n",
        calls, types.size(), ApiTypes.repositories(Session.class).size(), outcomes);
    System.out.printf("[hostile] input classes tried: %s%n", inputClasses);
    System.out.printf("[hostile] %d repository calls had to refuse their input; %d refusals named the argument%n",
        refusalsRequired, fieldsChecked);
    violations.stream().limit(200).forEach(v -> System.out.println("[hostile] violation: " + v));
    assertEquals(List.of(), values.unknownTypes().stream().distinct().toList(),
        "parameter types without hostile values: add them to HostileValues");
    assertTrue(violations.isEmpty(), violations.size() + " calls broke the rules, the first 40:\n  "
        + String.join("\n  ", violations.subList(0, Math.min(40, violations.size()))));
    assertTrue(calls > 2_000, "only " + calls + " calls: did the discovery find the API?");
    assertTrue(refusalsRequired > 100 && fieldsChecked > 100,
        "refusals required " + refusalsRequired + ", fields checked " + fieldsChecked + ": are parameter names compiled in?");
  }

  /** Another user's rows and cursors, and the caller's own cursors, for the walk to try. */
  private void seed(Inrvo inrvo) {
    Session other = inrvo.asUser(DB.user("other"));
    Session own = inrvo.asUser(DB.user("hostile"));
    for (int i = 0; i < 3; i++) {
      values.otherUsers("another user's meditation id", other.history().save(NewMeditation.withPrompt("theirs " + i)));
      own.history().save(NewMeditation.withPrompt("mine " + i));
    }
    values.otherUsers("another user's voice profile id", other.voiceProfiles().create(NewVoiceProfile.named("theirs")).id());
    values.otherUsers("another user's voice clone id", other.voiceClones().create(NewVoiceClone.of("theirs", "p")).id());
    values.otherUsers("another user's conversation id", other.conversations().create("theirs", JSONB.valueOf("{}")).id());
    values.otherUsers("another user's id", DB.user("other"));
    Cursor theirs = other.history().page(PageRequest.first(1)).next().orElseThrow();
    Cursor mine = own.history().page(PageRequest.first(1)).next().orElseThrow();
    values.cursor("another user's cursor", theirs);
    values.cursor("forged cursor", Cursor.of("A".repeat(43)));
    values.cursor("truncated cursor", Cursor.of(mine.token().substring(0, mine.token().length() - 5)));
    values.cursor("cursor with a flipped byte", Cursor.of(flip(mine.token())));
    values.cursor("valid cursor", mine);
  }

  private static String flip(String token) {
    char c = token.charAt(token.length() / 2);
    return token.substring(0, token.length() / 2) + (c == 'A' ? 'B' : 'A') + token.substring(token.length() / 2 + 1);
  }

  private void baseline(Class<?> type) {
    if (values.valid(type) != null) {
      return;
    }
    for (Executable e : ApiTypes.builders(type)) {
      if (e instanceof Method m && !Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      try {
        values.baseline(type, call(e, null, Arrays.stream(e.getGenericParameterTypes()).map(values::valid).toArray()));
        return;
      } catch (Throwable ignored) {
        // another factory may take the valid values
      }
    }
  }

  private Object receiver(Executable executable, Class<?> type) {
    return executable instanceof Method m && !Modifier.isStatic(m.getModifiers()) ? values.valid(type) : null;
  }

  /** Calls {@code executable} once with valid values, then once per hostile value of each parameter. */
  private void walk(String owner, Executable executable, Object target, boolean repository) {
    var types = executable.getGenericParameterTypes();
    String name = owner + "." + executable.getName();
    if (types.length == 0) {
      attempt(name + "()", Hostility.none(), executable, target, new Object[0], repository);
      return;
    }
    for (int i = 0; i < types.length; i++) {
      for (Value hostile : values.hostile(types[i])) {
        Object[] args = new Object[types.length];
        for (int j = 0; j < types.length; j++) {
          args[j] = j == i ? hostile.value().get() : validFor(executable, j, types[j]);
        }
        inputClasses.add(hostile.inputClass().replaceFirst(" built from .*", " built from hostile input"));
        int index = i;
        boolean othersValid = java.util.stream.IntStream.range(0, args.length).allMatch(j -> j == index || args[j] != null);
        Hostility hostility = Hostility.of(hostile.inputClass(), types[i], executable, i, !repository, othersValid,
            mustBeRefused);
        attempt(name + " argument " + i + " " + hostile.inputClass(), hostility, executable, target, args,
            repository);
      }
    }
  }

  /**
   * What a call with one hostile argument must do beyond the general rules.
   *
   * @param inputClass the hostile value's input class
   * @param refuse whether success is a violation: text no column can hold as given (NUL, an
   *     unpaired surrogate), longer than any field (20 MB), JSON nested deeper than any JSON field
   *     takes, or a value type built from one of those
   * @param field the name a refusal must give (the parameter's, or a name under it such as {@code
   *     page.after}); null when it cannot be told (a value type built from hostile input, a value
   *     that may be valid, another argument without a valid value, a parameter without a name in
   *     the class file)
   * @param stem for a value type's method, the name of what it sets: a {@code with*} method's
   *     components start with it ({@code withVoice} sets {@code voiceId} and {@code voiceName}),
   *     another method's field ends with it ({@code after} sets {@code page.after}); null otherwise
   * @param built for a value type's factory or constructor, the type's own name ({@code Cursor.of}
   *     refuses a {@code cursor}); null otherwise
   */
  record Hostility(String inputClass, boolean refuse, String field, String stem, String built) {

    /** Text no field takes as given, whatever its type. */
    static final Set<String> NEVER_STORED = Set.of("NUL", "unpaired high surrogate", "unpaired low surrogate",
        "20 MB string");
    /** Deeper than any JSON field takes: refused where the parameter is JSON (as text it may be a fine prompt). */
    static final Set<String> TOO_DEEP = Set.of("JSON nested 10,000 deep", "JSON objects nested 10,000 deep");
    /** Values that are never valid, so a refusal must name their own parameter. */
    static final Set<String> INVALID = Set.of("null", "list holding null");

    static Hostility none() {
      return new Hostility("no argument", false, null, null, null);
    }

    /**
     * The hostility of {@code inputClass} given as argument {@code index} of {@code executable}, a
     * value type's method when {@code valueType}, while the other arguments hold valid values
     * unless not {@code othersValid}.
     */
    static Hostility of(String inputClass, java.lang.reflect.Type type, Executable executable, int index,
        boolean valueType, boolean othersValid, Set<String> refusedBuilt) {
      boolean json = type.getTypeName().contains(JSONB.class.getName());
      boolean refuse = NEVER_STORED.contains(inputClass) || (json && TOO_DEEP.contains(inputClass))
          || refusedBuilt.contains(inputClass);
      boolean invalid = NEVER_STORED.contains(inputClass) || (json && TOO_DEEP.contains(inputClass))
          || INVALID.contains(inputClass);
      java.lang.reflect.Parameter parameter = executable.getParameters()[index];
      String field = invalid && othersValid && parameter.isNamePresent() ? parameter.getName() : null;
      String method = executable.getName();
      boolean factory = executable instanceof java.lang.reflect.Constructor<?> || Modifier.isStatic(executable.getModifiers());
      String stem = !valueType || factory ? null : method.startsWith("with") && method.length() > 4
          ? Character.toLowerCase(method.charAt(4)) + method.substring(5) : method;
      String owner = executable.getDeclaringClass().getSimpleName();
      String built = valueType && factory ? Character.toLowerCase(owner.charAt(0)) + owner.substring(1) : null;
      return new Hostility(inputClass, refuse, field, stem, built);
    }

    /** Whether {@code named}, the field a refusal gave, names the hostile argument. */
    boolean names(String named) {
      return field == null || named.equals(field) || named.startsWith(field + ".") || named.startsWith(field + "[")
          || (stem != null && (named.startsWith(stem) || named.endsWith("." + stem))) || named.equals(built);
    }
  }

  /** Valid values the type alone does not give: a conversation's messages, an audio media type. */
  private Object validFor(Executable executable, int index, java.lang.reflect.Type type) {
    if (type == JSONB.class && executable.getDeclaringClass() == ConversationRepository.class
        && !executable.getName().equals("create")) {
      return JSONB.valueOf("[{\"role\":\"user\",\"content\":\"hi\"}]");
    }
    if (type == String.class && executable.getName().equals("saveWithAudio")) {
      return "audio/mpeg";
    }
    return values.valid(type);
  }

  private void attempt(String call, Hostility hostility, Executable executable, Object target, Object[] args,
      boolean repository) {
    String inputClass = hostility.inputClass();
    Map<String, String> before = repository ? ledger.contents() : null; // reused while calls fail
    String outcome;
    try {
      Object result = call(executable, target, args);
      outcome = "success";
      if (!repository && result != null && !inputClass.equals("no argument")) {
        String built = result.getClass().getSimpleName() + " built from " + inputClass;
        values.offer(result.getClass(), result, built);
        if (hostility.refuse()) {
          mustBeRefused.add(built);
        }
      }
      if (repository && hostility.refuse()) {
        violations.add(call + ": accepted, though no field may take it as given");
      }
    } catch (InvalidInputException e) {
      outcome = "InvalidInputException";
      fieldsChecked += hostility.field() != null ? 1 : 0;
      if (e.field() == null || e.field().isBlank() || e.field().equals("input") || e.sqlState().isPresent()) {
        violations.add(call + ": InvalidInputException not checked before SQL or naming no field: " + e.getMessage());
      } else if (!hostility.names(e.field())) {
        violations.add(call + ": refused naming " + e.field() + ", not the argument " + hostility.field() + ": "
            + e.getMessage());
      }
    } catch (ConflictException e) {
      // documented for a key that exists already: creating a row under another user's key
      outcome = "ConflictException";
      if (!repository || !inputClass.startsWith("another user's")) {
        violations.add(call + ": " + e);
      }
    } catch (NotFoundException | NotAuthenticatedException | AccessDeniedException e) {
      outcome = e.getClass().getSimpleName();
      if (!repository) {
        violations.add(call + ": " + outcome + " from a value type");
      }
    } catch (Throwable e) {
      outcome = e.getClass().getSimpleName();
      violations.add(call + ": " + e + (e.getCause() != null ? " caused by " + e.getCause() : ""));
    }
    outcomes.merge(outcome, 1L, Long::sum);
    refusalsRequired += repository && hostility.refuse() ? 1 : 0;
    if (repository && !outcome.equals("success")) {
      Map<String, String> after = ledger.fresh();
      if (!after.equals(before)) {
        Set<String> changed = new TreeSet<>();
        after.forEach((table, content) -> {
          if (!content.equals(before.get(table))) {
            changed.add(table);
          }
        });
        violations.add(call + ": failed with " + outcome + " but wrote to " + changed);
      }
    } else if (repository) {
      ledger.stale();
    }
  }

  private static Object invoke(Method method, Object target) {
    try {
      return call(method, target, new Object[0]);
    } catch (Throwable e) {
      throw new AssertionError(method + " failed", e);
    }
  }

  /** Invokes reflectively and rethrows what the code itself threw. */
  private static Object call(Executable executable, Object target, Object[] args) throws Throwable {
    try {
      if (executable instanceof Method m) {
        return m.invoke(target, args);
      }
      return ((java.lang.reflect.Constructor<?>) executable).newInstance(args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Every table's content, as its row count and an md5 of its rows (as text, in order), and the
   * stored audio files (names and sizes), as one map: a failed call that changed a row (an UPDATE),
   * not only one that added or removed one, shows.
   */
  private static final class Ledger {
    private final DataSource db;
    private final Path audio;
    private final List<String> tables;
    private final String sql;

    Ledger(DataSource db, Path audio) {
      this.db = db;
      this.audio = audio;
      this.tables = TestSql.column(db, "select format('%I.%I', table_schema, table_name) from information_schema.tables "
          + "where table_type = 'BASE TABLE' and table_schema in ('public', 'auth') order by 1");
      this.sql = "select " + tables.stream().map(t -> "(select count(*) || ':' || md5(coalesce(string_agg(r::text, "
          + "E'\\n' order by r::text), '')) from " + t + " r)").reduce((a, b) -> a + " || ',' || " + b).orElseThrow();
    }

    private Map<String, String> last;

    /** The contents as last read, read again only after a call that succeeded (and so may have written). */
    Map<String, String> contents() {
      return last != null ? last : fresh();
    }

    void stale() {
      last = null;
    }

    Map<String, String> fresh() {
      last = read();
      return last;
    }

    private Map<String, String> read() {
      Map<String, String> contents = new TreeMap<>();
      String[] tableContents = TestSql.text(db, sql).split(",");
      for (int i = 0; i < tables.size(); i++) {
        contents.put(tables.get(i), tableContents[i]);
      }
      try (var files = java.nio.file.Files.walk(audio)) {
        contents.put("audio files", files.filter(java.nio.file.Files::isRegularFile)
            .map(f -> audio.relativize(f) + ":" + f.toFile().length()).sorted().toList().toString());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return contents;
    }
  }

  /** The value types and repositories of the API, found by reflection. */
  static final class ApiTypes {

    private ApiTypes() {}

    /** Public records, and public classes with a public static factory of their own type, in {@code packages}. */
    static List<Class<?>> valueTypes(Set<String> packages) {
      List<Class<?>> types = new ArrayList<>();
      for (var c : new com.tngtech.archunit.core.importer.ClassFileImporter()
          .withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(packages)) {
        if (!packages.contains(c.getPackageName()) || !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
          continue;
        }
        Class<?> type = c.reflect();
        if (type.isEnum() || type.isInterface()) {
          continue;
        }
        if (type.isRecord() || Arrays.stream(type.getMethods()).anyMatch(m -> Modifier.isStatic(m.getModifiers())
            && m.getReturnType() == type && !Throwable.class.isAssignableFrom(type))) {
          types.add(type);
        }
      }
      types.sort(Comparator.comparing(Class::getName));
      return types;
    }

    /** Public constructors, static factories and copy methods of {@code type}. */
    static List<Executable> builders(Class<?> type) {
      List<Executable> all = new ArrayList<>(Arrays.asList(type.getConstructors()));
      Arrays.stream(type.getMethods()).filter(m -> m.getReturnType() == type && m.getDeclaringClass() == type)
          .sorted(Comparator.comparing(Method::toString)).forEach(all::add);
      return all;
    }

    /** The methods of {@code session} that return a repository. */
    static List<Method> repositories(Class<?> session) {
      return Arrays.stream(session.getMethods())
          .filter(m -> m.getParameterCount() == 0 && m.getReturnType().isInterface()
              && m.getReturnType().getPackageName().startsWith("io.inrvo.data"))
          .sorted(Comparator.comparing(Method::getName)).toList();
    }

    /** A repository's public methods, in a stable order. */
    static List<Method> methods(Class<?> repository) {
      return Arrays.stream(repository.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()))
          .sorted(Comparator.comparing(Method::toString)).toList();
    }
  }
}
