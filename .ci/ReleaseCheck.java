import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a release bundle (the zip the central-publishing plugin uploads to Maven Central) against
 * the build that made it. Run by {@code .ci/release-check}; it prints every problem, then a file list
 * per artifact, and exits 1 when there is a problem.
 *
 * <p>Nothing here names a module: the published set is derived from the reactor's POMs (every
 * module, and the root, unless its POM sets {@code skipPublishing} to true), so a module added later
 * is covered the day it is added. For each published project the bundle must hold its POM, and for a
 * jar its jar, sources jar and javadoc jar, each with md5, sha1, sha256 and sha512 checksums that
 * match, and with a signature when signing is on (none when it is off); nothing else. Each POM,
 * with what it inherits from published parents, carries the metadata Central requires. The jar
 * names its module in its manifest and holds classes of every API package the POM states
 * ({@code api.packages}); the sources jar their sources; the javadoc jar an index and exactly the
 * API packages (no internal package, no generated model). The BOM manages exactly the other
 * published artifacts, at the release version, and nothing else. No published POM refers to an
 * unpublished module. The changelog has an entry for the release, and the README names the latest
 * released version.
 *
 * <p>Before it judges the real bundle, it checks itself: broken copies of the bundle (a javadoc
 * jar missing or empty, an unpublished module added, a BOM entry dropped, a checksum wrong) must
 * each be reported, so a check that passes everything fails the run.
 *
 * <p>Usage: {@code java .ci/ReleaseCheck.java ROOT BUNDLE_ZIP VERSION signed|unsigned}
 */
public final class ReleaseCheck {

  private static final String POM_NS = "http://maven.apache.org/POM/4.0.0";
  private static final Map<String, String> CHECKSUMS = Map.of(
      "md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512");
  private static final List<String> JAR_CLASSIFIERS = List.of("", "-sources", "-javadoc");

  /** A project of the reactor as its POM declares it; inherited values are resolved. */
  record Project(String directory, String groupId, String artifactId, String packaging, boolean published,
                 String parentArtifactId, Set<String> apiPackages, String automaticModuleName) {

    boolean isJar() {
      return packaging.equals("jar");
    }

    String path(String version, String suffix) {
      return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version + suffix;
    }
  }

  private final Path root;
  private final String version;
  private final boolean signed;
  private final List<Project> reactor;
  private final List<String> problems = new ArrayList<>();

  ReleaseCheck(Path root, String version, boolean signed) {
    this.root = root;
    this.version = version;
    this.signed = signed;
    this.reactor = Reactor.read(root);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4 || !Set.of("signed", "unsigned").contains(args[3])) {
      System.err.println("usage: java .ci/ReleaseCheck.java ROOT BUNDLE_ZIP VERSION signed|unsigned");
      System.exit(2);
    }
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    Map<String, byte[]> bundle = unzip(Files.readAllBytes(Path.of(args[1])));
    ReleaseCheck check = new ReleaseCheck(root, args[2], args[3].equals("signed"));

    List<String> selfTest = check.selfTest(bundle);
    List<String> found = new ArrayList<>(check.check(bundle));
    if (check.signed) {
      found.addAll(verifySignatures(bundle));
    }
    check.printArtifactSet(bundle);
    if (!selfTest.isEmpty() || !found.isEmpty()) {
      selfTest.forEach(p -> System.out.println("SELF-TEST: " + p));
      found.forEach(p -> System.out.println("PROBLEM: " + p));
      System.out.println("release check: " + (selfTest.size() + found.size()) + " problem(s)");
      System.exit(1);
    }
    long published = check.reactor.stream().filter(Project::published).count();
    System.out.printf("release check: %d published artifacts, %d files, %s, BOM and POMs complete: OK%n",
        published, bundle.size(), check.signed ? "every file signed" : "unsigned (no key)");
  }

  /** Every problem of {@code bundle}; empty when it is a complete, clean release. */
  List<String> check(Map<String, byte[]> bundle) {
    problems.clear();
    List<Project> published = reactor.stream().filter(Project::published).toList();
    Set<String> unpublished = reactor.stream().filter(p -> !p.published()).map(Project::artifactId)
        .collect(Collectors.toCollection(TreeSet::new));
    if (published.stream().noneMatch(Project::isJar)) {
      problems.add("the reactor publishes no jar module: is ROOT the project root? (" + root + ")");
    }

    checkFileSet(bundle, published, unpublished);

    Map<String, Element> poms = new TreeMap<>();
    for (Project project : published) {
      byte[] pom = bundle.get(project.path(version, ".pom"));
      if (pom != null) {
        poms.put(project.artifactId(), parse(pom));
        if (new String(pom).contains("${revision}")) {
          problems.add(project.artifactId() + ".pom: still says ${revision} (the flatten plugin did not run)");
        }
      }
    }
    poms.forEach((artifactId, pom) -> checkPom(artifactId, pom, poms, unpublished));
    checkBom(published, poms);
    for (Project project : published) {
      if (project.isJar()) {
        checkJars(bundle, project);
      }
    }
    checkReleaseNotes();
    return List.copyOf(problems);
  }

  /** Each published file with its checksums (and signature), and nothing else. */
  private void checkFileSet(Map<String, byte[]> bundle, List<Project> published, Set<String> unpublished) {
    Set<String> expected = new TreeSet<>();
    for (Project project : published) {
      List<String> suffixes = new ArrayList<>(List.of(".pom"));
      if (project.isJar()) {
        JAR_CLASSIFIERS.forEach(classifier -> suffixes.add(classifier + ".jar"));
      }
      for (String suffix : suffixes) {
        String file = project.path(version, suffix);
        expected.add(file);
        checkFileAndChecksums(bundle, file);
        CHECKSUMS.keySet().forEach(c -> expected.add(file + "." + c));
        if (signed) {
          expected.add(file + ".asc");
          if (!bundle.containsKey(file + ".asc")) {
            problems.add(file + ": no signature (.asc), though signing is on");
          }
        }
      }
    }
    for (String file : bundle.keySet()) {
      if (expected.contains(file)) {
        continue;
      }
      String[] parts = file.split("/");
      String artifactId = parts.length > 3 ? parts[parts.length - 3] : file;
      if (unpublished.contains(artifactId)) {
        problems.add(file + ": module " + artifactId + " is not published (skipPublishing), but is in the bundle");
      } else if (file.endsWith(".asc") && !signed) {
        problems.add(file + ": a signature, though signing is off");
      } else {
        problems.add(file + ": not part of the release (no published module makes it)");
      }
    }
  }

  private void checkFileAndChecksums(Map<String, byte[]> bundle, String file) {
    byte[] content = bundle.get(file);
    if (content == null) {
      problems.add(file + ": missing");
      return;
    }
    if (content.length == 0) {
      problems.add(file + ": empty");
    }
    CHECKSUMS.forEach((extension, algorithm) -> {
      byte[] stated = bundle.get(file + "." + extension);
      if (stated == null) {
        problems.add(file + "." + extension + ": missing");
      } else if (!new String(stated).trim().equalsIgnoreCase(digest(algorithm, content))) {
        problems.add(file + "." + extension + ": does not match the file");
      }
    });
  }

  private void checkPom(String artifactId, Element pom, Map<String, Element> poms, Set<String> unpublished) {
    String where = artifactId + ".pom";
    if (!version.equals(text(pom, "version").orElseGet(() -> text(child(pom, "parent"), "version").orElse("")))) {
      problems.add(where + ": version is not " + version);
    }
    for (String required : List.of("name", "description", "url", "licenses/license/name", "licenses/license/url",
        "developers/developer/name", "scm/url", "scm/connection", "issueManagement/url")) {
      if (inherited(pom, poms, required).isEmpty()) {
        problems.add(where + ": no " + required + " (in it or a published parent)");
      }
    }
    Element parent = child(pom, "parent");
    if (parent != null && !poms.containsKey(text(parent, "artifactId").orElse(""))) {
      problems.add(where + ": its parent " + text(parent, "artifactId").orElse("?") + " is not published");
    }
    for (Element dependency : descendants(pom, "dependency")) {
      String dependsOn = text(dependency, "artifactId").orElse("");
      if (unpublished.contains(dependsOn)) {
        problems.add(where + ": refers to " + dependsOn + ", which is not published");
      }
    }
  }

  /** The BOM is the published pom whose artifactId ends in -bom. */
  private void checkBom(List<Project> published, Map<String, Element> poms) {
    List<Project> boms = published.stream().filter(p -> p.artifactId().endsWith("-bom")).toList();
    if (boms.size() != 1) {
      problems.add("expected one published BOM (artifactId ending in -bom), found " + boms.size());
      return;
    }
    Project bom = boms.get(0);
    Element pom = poms.get(bom.artifactId());
    if (pom == null) {
      return;
    }
    String where = bom.artifactId() + ".pom";
    if (child(pom, "parent") != null) {
      problems.add(where + ": has a parent, whose dependencyManagement would reach every importer");
    }
    Set<String> expected = published.stream().filter(p -> p != bom && !p.directory().isEmpty())
        .map(p -> p.groupId() + ":" + p.artifactId()).collect(Collectors.toCollection(TreeSet::new));
    Set<String> managed = new TreeSet<>();
    Element management = child(pom, "dependencyManagement");
    for (Element dependency : management == null ? List.<Element>of() : descendants(management, "dependency")) {
      String coordinates = text(dependency, "groupId").orElse("") + ":" + text(dependency, "artifactId").orElse("");
      managed.add(coordinates);
      String stated = text(dependency, "version").orElse("");
      if (!stated.equals(version) && !stated.equals("${project.version}")) {
        problems.add(where + ": manages " + coordinates + " at " + stated + ", not at the release version " + version);
      }
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(managed);
    Set<String> extra = new TreeSet<>(managed);
    extra.removeAll(expected);
    if (!missing.isEmpty()) {
      problems.add(where + ": does not list published " + missing + " (add them to " + bom.directory() + "/pom.xml)");
    }
    if (!extra.isEmpty()) {
      problems.add(where + ": lists " + extra + ", which are not published artifacts of this release");
    }
  }

  private void checkJars(Map<String, byte[]> bundle, Project project) {
    String artifactId = project.artifactId();
    if (project.apiPackages().isEmpty()) {
      problems.add(artifactId + ": published, but its POM states no API packages (api.packages)");
    }
    Map<String, byte[]> jar = unzipOrEmpty(bundle.get(project.path(version, ".jar")));
    Map<String, byte[]> sources = unzipOrEmpty(bundle.get(project.path(version, "-sources.jar")));
    Map<String, byte[]> javadoc = unzipOrEmpty(bundle.get(project.path(version, "-javadoc.jar")));
    String moduleName = manifestAttribute(bundle.get(project.path(version, ".jar")), "Automatic-Module-Name");
    if (!project.automaticModuleName().equals(moduleName)) {
      problems.add(artifactId + ".jar: Automatic-Module-Name is " + moduleName + ", its POM says "
          + project.automaticModuleName());
    }
    for (String api : project.apiPackages()) {
      String dir = api.replace('.', '/') + "/";
      if (!hasFileIn(jar, dir, ".class")) {
        problems.add(artifactId + ".jar: no class of API package " + api);
      }
      if (!hasFileIn(sources, dir, ".java")) {
        problems.add(artifactId + "-sources.jar: no source of API package " + api);
      }
    }
    if (!javadoc.containsKey("index.html")) {
      problems.add(artifactId + "-javadoc.jar: no index.html");
    }
    Set<String> documented = javadoc.keySet().stream().filter(f -> f.endsWith("/package-summary.html"))
        .map(ReleaseCheck::documentedPackage).collect(Collectors.toCollection(TreeSet::new));
    if (!documented.equals(project.apiPackages())) {
      problems.add(artifactId + "-javadoc.jar: documents packages " + documented + ", its API packages are "
          + project.apiPackages());
    }
  }

  /** {@code io.inrvo.data.core/io/inrvo/data/admin/package-summary.html} documents {@code io.inrvo.data.admin}. */
  private static String documentedPackage(String summaryPath) {
    List<String> segments = new ArrayList<>(List.of(summaryPath.split("/")));
    segments.remove(segments.size() - 1);
    if (segments.size() > 1 && segments.get(0).contains(".")) {
      segments.remove(0); // the module directory javadoc writes for a named or automatic module
    }
    return String.join(".", segments);
  }

  /** The changelog has a dated entry for this version, or an Unreleased section while in development. */
  private void checkReleaseNotes() {
    String changelog = readOrEmpty(root.resolve("CHANGELOG.md"));
    String readme = readOrEmpty(root.resolve("README.md"));
    Matcher released = Pattern.compile("(?m)^## \\[(\\d+\\.\\d+\\.\\d+)\\] - \\d{4}-\\d{2}-\\d{2}$").matcher(changelog);
    String latest = released.find() ? released.group(1) : null;
    String treeVersion = Reactor.revision(root);
    if (!treeVersion.endsWith("-SNAPSHOT")) {
      if (!version.equals(latest)) {
        problems.add("CHANGELOG.md: its latest entry is not \"## [" + version + "] - YYYY-MM-DD\" for this release");
      }
      Matcher unreleased = Pattern.compile("(?ms)^## \\[Unreleased\\]\\s*$(.*?)(?=^## \\[|\\z)").matcher(changelog);
      if (unreleased.find() && !unreleased.group(1).isBlank()) {
        // a release tree whose changelog still lists unreleased changes would publish them under this version unnamed
        problems.add("CHANGELOG.md: \"## [Unreleased]\" lists changes, but the tree is the release " + version
            + "; move them into its entry or set revision to the next -SNAPSHOT");
      }
    } else if (!changelog.contains("## [Unreleased]")) {
      problems.add("CHANGELOG.md: no \"## [Unreleased]\" section for the development version " + treeVersion);
    }
    if (latest != null && !readme.contains("<version>" + latest + "</version>")) {
      problems.add("README.md: does not tell users to depend on <version>" + latest + "</version>, the latest release");
    }
  }

  /**
   * Broken copies of {@code bundle}, each of which the check must reject; returns what it failed to
   * notice.
   */
  List<String> selfTest(Map<String, byte[]> bundle) {
    List<String> unnoticed = new ArrayList<>();
    Project library = reactor.stream().filter(p -> p.published() && p.isJar()).findFirst().orElse(null);
    Project hidden = reactor.stream().filter(p -> !p.published()).findFirst().orElse(null);
    Project bom = reactor.stream().filter(p -> p.published() && p.artifactId().endsWith("-bom")).findFirst().orElse(null);
    if (library == null || bom == null) {
      return List.of("the reactor has no published jar module or no BOM to break");
    }
    Map<String, Consumer<Map<String, byte[]>>> breakages = new LinkedHashMap<>();
    String javadocJar = library.path(version, "-javadoc.jar");
    breakages.put("missing", b -> b.remove(javadocJar));
    breakages.put("no index.html", b -> b.put(javadocJar, zip(Map.of("META-INF/MANIFEST.MF", new byte[1]))));
    breakages.put("does not match", b -> b.put(library.path(version, ".jar.sha1"), "0".repeat(40).getBytes()));
    if (signed) {
      breakages.put("no signature", b -> b.remove(library.path(version, ".pom.asc")));
    }
    if (hidden != null) {
      breakages.put("is not published", b -> b.put(
          new Project(hidden.directory(), hidden.groupId(), hidden.artifactId(), "jar", false, null, Set.of(), "")
              .path(version, ".jar"), new byte[] {1}));
    }
    breakages.put("does not list published", b -> {
      String bomFile = bom.path(version, ".pom");
      String text = new String(b.get(bomFile));
      String without = text.replaceFirst("(?s)<dependency>\\s*<groupId>[^<]*</groupId>\\s*<artifactId>"
          + Pattern.quote(library.artifactId()) + "</artifactId>.*?</dependency>", "");
      b.put(bomFile, without.getBytes());
    });
    breakages.forEach((expectedProblem, breakage) -> {
      Map<String, byte[]> broken = new TreeMap<>(bundle);
      breakage.accept(broken);
      List<String> found = check(broken);
      if (found.stream().noneMatch(p -> p.contains(expectedProblem))) {
        unnoticed.add("a bundle broken so that it should report \"" + expectedProblem + "\" passed: " + found);
      }
    });
    problems.clear();
    return unnoticed;
  }

  /**
   * Each signature verified by gpg against the key in GNUPGHOME (the key the release was signed
   * with): a file changed after signing, or signed by another key, fails.
   */
  static List<String> verifySignatures(Map<String, byte[]> bundle) throws IOException, InterruptedException {
    List<String> bad = new ArrayList<>();
    Path dir = Files.createTempDirectory("release-check");
    try {
      for (String asc : bundle.keySet().stream().filter(f -> f.endsWith(".asc")).toList()) {
        String file = asc.substring(0, asc.length() - ".asc".length());
        Path data = dir.resolve("data");
        Path signature = dir.resolve("data.asc");
        Files.write(data, bundle.getOrDefault(file, new byte[0]));
        Files.write(signature, bundle.get(asc));
        Process gpg = new ProcessBuilder("gpg", "--batch", "--quiet", "--verify", signature.toString(), data.toString())
            .redirectErrorStream(true).start();
        String output = new String(gpg.getInputStream().readAllBytes()).trim().replace('\n', ' ');
        if (gpg.waitFor() != 0) {
          bad.add(asc + ": gpg does not verify it: " + output);
        }
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
    return bad;
  }

  private void printArtifactSet(Map<String, byte[]> bundle) {
    Map<String, List<String>> byArtifact = new TreeMap<>();
    for (String file : bundle.keySet()) {
      String[] parts = file.split("/");
      if (parts.length >= 4) {
        byArtifact.computeIfAbsent(parts[parts.length - 3], k -> new ArrayList<>()).add(parts[parts.length - 1]);
      }
    }
    System.out.println("Release artifact set " + version + " (" + bundle.size() + " files):");
    byArtifact.forEach((artifactId, files) -> {
      System.out.println("  " + artifactId + ":");
      files.stream().sorted().filter(f -> !CHECKSUMS.keySet().contains(f.substring(f.lastIndexOf('.') + 1)))
          .filter(f -> !f.endsWith(".asc"))
          .forEach(f -> System.out.println("    " + f + "  + " + checksumsAndSignature(files, f)));
    });
  }

  private static String checksumsAndSignature(List<String> files, String file) {
    return files.stream().filter(f -> f.startsWith(file + ".")).map(f -> f.substring(file.length()))
        .sorted().collect(Collectors.joining(" "));
  }

  /** The reactor: the root POM and its modules, recursively, with inherited properties resolved. */
  static final class Reactor {

    static List<Project> read(Path root) {
      Map<String, Element> poms = new LinkedHashMap<>();
      collect(root, "", poms);
      Map<String, Element> byArtifactId = new LinkedHashMap<>();
      poms.values().forEach(pom -> byArtifactId.put(text(pom, "artifactId").orElseThrow(), pom));
      List<Project> projects = new ArrayList<>();
      poms.forEach((directory, pom) -> {
        String artifactId = text(pom, "artifactId").orElseThrow();
        Element parent = child(pom, "parent");
        String parentId = parent == null ? null : text(parent, "artifactId").orElse(null);
        boolean inherits = parentId != null && byArtifactId.containsKey(parentId);
        String groupId = text(pom, "groupId").orElseGet(() -> parent == null ? "" : text(parent, "groupId").orElse(""));
        boolean skipped = property(pom, "skipPublishing", byArtifactId).filter("true"::equals).isPresent()
            || !inherits && property(pom, "maven.deploy.skip", byArtifactId).filter("true"::equals).isPresent();
        if (!directory.isEmpty() && !inherits && !skipped) {
          throw new IllegalStateException(directory + "/pom.xml does not inherit the project's parent, so the"
              + " release profile cannot publish it: inherit it, or set skipPublishing and maven.deploy.skip to true");
        }
        Set<String> api = Arrays.stream(property(pom, "api.packages", byArtifactId).orElse("none").split(","))
            .map(String::trim).filter(p -> !p.isEmpty() && !p.equals("none")).collect(Collectors.toCollection(TreeSet::new));
        projects.add(new Project(directory, groupId, artifactId, text(pom, "packaging").orElse("jar"), !skipped,
            parentId, api, property(pom, "automatic.module.name", byArtifactId).orElse("")));
      });
      return projects;
    }

    /** The {@code revision} property of the root POM: the version of the tree. */
    static String revision(Path root) {
      Element pom = parse(readBytes(root.resolve("pom.xml")));
      return text(child(pom, "properties"), "revision").orElseThrow(
          () -> new IllegalStateException("the root pom.xml sets no revision property"));
    }

    private static void collect(Path root, String directory, Map<String, Element> poms) {
      Element pom = parse(readBytes(root.resolve(directory).resolve("pom.xml")));
      poms.put(directory, pom);
      Element modules = child(pom, "modules");
      for (Element module : modules == null ? List.<Element>of() : children(modules, "module")) {
        collect(root, directory.isEmpty() ? module.getTextContent().trim() : directory + "/" + module.getTextContent().trim(), poms);
      }
    }

    private static Optional<String> property(Element pom, String name, Map<String, Element> byArtifactId) {
      for (Element current = pom; current != null; ) {
        Optional<String> own = text(child(current, "properties"), name);
        if (own.isPresent()) {
          return own;
        }
        Element parent = child(current, "parent");
        current = parent == null ? null : byArtifactId.get(text(parent, "artifactId").orElse(""));
      }
      return Optional.empty();
    }
  }

  // --- small helpers: XML, zips, digests ---

  private static Optional<String> inherited(Element pom, Map<String, Element> poms, String path) {
    for (Element current = pom; current != null; ) {
      Element found = current;
      for (String step : path.split("/")) {
        found = found == null ? null : child(found, step);
      }
      if (found != null && !found.getTextContent().isBlank()) {
        return Optional.of(found.getTextContent().trim());
      }
      Element parent = child(current, "parent");
      current = parent == null ? null : poms.get(text(parent, "artifactId").orElse(""));
    }
    return Optional.empty();
  }

  static Element parse(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
      return document.getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("unreadable POM: " + e.getMessage(), e);
    }
  }

  static Element child(Element parent, String name) {
    return parent == null ? null : children(parent, name).stream().findFirst().orElse(null);
  }

  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName()) && POM_NS.equals(e.getNamespaceURI())) {
        found.add(e);
      }
    }
    return found;
  }

  private static List<Element> descendants(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    var nodes = parent.getElementsByTagNameNS(POM_NS, name);
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add((Element) nodes.item(i));
    }
    return found;
  }

  static Optional<String> text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null || e.getTextContent().isBlank() ? Optional.empty() : Optional.of(e.getTextContent().trim());
  }

  private static boolean hasFileIn(Map<String, byte[]> archive, String directory, String extension) {
    return archive.keySet().stream().anyMatch(f -> f.startsWith(directory) && f.endsWith(extension)
        && f.indexOf('/', directory.length()) < 0);
  }

  static Map<String, byte[]> unzip(byte[] zip) {
    Map<String, byte[]> entries = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          entries.put(e.getName(), in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private static Map<String, byte[]> unzipOrEmpty(byte[] zip) {
    return zip == null ? Map.of() : unzip(zip);
  }

  private static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var out = new java.util.zip.ZipOutputStream(bytes)) {
      for (var e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static String manifestAttribute(byte[] jar, String name) {
    if (jar == null) {
      return null;
    }
    try (InputStream in = new ByteArrayInputStream(jar); JarInputStream jarIn = new JarInputStream(in)) {
      Manifest manifest = jarIn.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String digest(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readOrEmpty(Path file) {
    return Files.isRegularFile(file) ? new String(readBytes(file)) : "";
  }
}
