package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell scripts a user or a container starts must have LF line endings: a clone with
 * {@code core.autocrlf=true} checked them out with CRLF, and {@code ./trainer} failed with "bad
 * interpreter" (exit 127). .gitattributes pins them to LF; this checks the files themselves (fails
 * on a CRLF checkout) and, in a git work tree, that the attributes cover every script. And the
 * launcher builds its jar once when several start at once.
 */
class LauncherScriptsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  /** Every script in the repository: the launchers and those under .ci/ and bench/. */
  private static List<Path> scripts() throws IOException {
    List<Path> scripts = new ArrayList<>(List.of(
        ROOT.resolve("trainer"), ROOT.resolve("mvnw"), ROOT.resolve("docker/trainer"), ROOT.resolve(".ci/run")));
    for (String dir : List.of(".ci", "bench")) {
      try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
        files.filter(f -> f.getFileName().toString().endsWith(".sh")).sorted().forEach(scripts::add);
      }
    }
    return scripts;
  }

  @Test
  void scriptsStartWithAShebangAndHaveNoCarriageReturn() throws IOException {
    List<Path> scripts = scripts();
    assertTrue(scripts.size() >= 10, "expected the launchers and the .ci/ and bench/ scripts, found " + scripts);
    for (Path script : scripts) {
      byte[] bytes = Files.readAllBytes(script);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith("#!"), ROOT.relativize(script) + " does not start with #!");
      assertEquals(-1, text.indexOf('\r'), ROOT.relativize(script)
          + " has a CR (checked out with CRLF line endings: it would not start)");
    }
  }

  @Test
  void gitAttributesPinEveryScriptToLf() throws IOException, InterruptedException {
    assertTrue(Files.isRegularFile(ROOT.resolve(".gitattributes")), "no .gitattributes at " + ROOT);
    List<String> command = new ArrayList<>(List.of("git", "check-attr", "eol", "--"));
    for (Path script : scripts()) {
      command.add(ROOT.relativize(script).toString());
    }
    Process git;
    try {
      git = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "no git here (" + e.getMessage() + "): only the files were checked");
      return;
    }
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(git.waitFor(60, TimeUnit.SECONDS));
    assumeTrue(git.exitValue() == 0, "not a git work tree: " + out.strip());
    List<String> lines = out.lines().toList();
    assertEquals(command.size() - 4, lines.size(), out);
    for (String line : lines) {
      assertTrue(line.endsWith(": eol: lf"), "expected eol=lf from .gitattributes, found: " + line);
    }
    assertFalse(out.contains("unspecified"), out);
  }

  /** The main class of the jar the stand-in build writes: says it ran, with its arguments. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.println("probe " + String.join(" ", args));
    }
  }

  /**
   * Maven's stand-in in the copied project: counts its runs in builds.log, waits until the test
   * creates {@code go} (so the second launcher surely starts while the first builds), then puts
   * the probe's jar in place by rename, as the shade plugin does.
   */
  private static final String FAKE_MVNW = """
      #!/usr/bin/env bash
      here="$(cd "$(dirname "$0")" && pwd)"
      echo "build $$" >> "$here/builds.log"
      for _ in $(seq 1200); do [ -f "$here/go" ] && break; sleep 0.05; done
      mkdir -p "$here/target"
      cp "$here/probe.jar" "$here/target/trainer.jar.part" && mv "$here/target/trainer.jar.part" "$here/target/trainer.jar"
      """;

  /**
   * Two {@code ./trainer} at once on stale sources: one builds, the other waits for it (one line
   * says so) and runs the jar it built. Before, both ran {@code mvnw package} into the same
   * target/. The project is a copy in a temporary folder whose {@code mvnw} stands in for Maven.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void twoLaunchersOnStaleSourcesBuildOnceAndBothRunTheFreshJar(@TempDir Path tmp) throws Exception {
    assumeTrue(new ProcessBuilder("sh", "-c", "command -v flock").start().waitFor() == 0,
        "no flock here (util-linux): the launcher builds unguarded");
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.copy(ROOT.resolve("trainer"), project.resolve("trainer"));
    Files.writeString(project.resolve("mvnw"), FAKE_MVNW);
    assertTrue(project.resolve("mvnw").toFile().setExecutable(true), "chmod +x mvnw");
    Files.writeString(Files.createDirectories(project.resolve("src/main")).resolve("Source.java"), "class Source {}\n");
    Files.createDirectories(project.resolve("config"));
    Files.writeString(project.resolve("pom.xml"), "<project/>\n");
    writeProbeJar(project.resolve("probe.jar"));
    java.nio.file.attribute.FileTime hourAgo =
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    for (String source : List.of("src/main/Source.java", "src/main", "config", "pom.xml")) {
      Files.setLastModifiedTime(project.resolve(source), hourAgo);
    }

    Process first = launcher(project, "first");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (lines(project.resolve("builds.log")) < 1) {
      assertTrue(first.isAlive() && System.nanoTime() < deadline,
          "the first launcher's build did not start: " + Files.readString(project.resolve("first.err")));
      Thread.sleep(20);
    }
    Process second = launcher(project, "second");
    // The second either waits on the lock (says so) or, unguarded, starts a build of its own.
    while (!Files.readString(project.resolve("second.err")).contains("waiting for another ./trainer")
        && lines(project.resolve("builds.log")) < 2 && second.isAlive()) {
      assertTrue(System.nanoTime() < deadline, "the second launcher neither waited nor built");
      Thread.sleep(20);
    }
    Files.writeString(project.resolve("go"), "");
    for (Process p : List.of(first, second)) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a launcher did not end");
    }
    assertEquals(1, lines(project.resolve("builds.log")), "builds run: " + Files.readString(project.resolve("builds.log")));
    for (String name : List.of("first", "second")) {
      Process p = name.equals("first") ? first : second;
      assertEquals(0, p.exitValue(), name + ": " + Files.readString(project.resolve(name + ".err")));
      assertEquals("probe " + name, Files.readString(project.resolve(name + ".out")).strip(), name);
    }
    assertTrue(Files.readString(project.resolve("second.err")).contains(
        "waiting for another ./trainer to finish building target/trainer.jar..."));
  }

  private static Process launcher(Path project, String name) throws IOException {
    return new ProcessBuilder("bash", project.resolve("trainer").toString(), name).directory(project.toFile())
        .redirectOutput(project.resolve(name + ".out").toFile())
        .redirectError(project.resolve(name + ".err").toFile()).start();
  }

  private static int lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  /** A jar whose main class is {@link Probe}. */
  private static void writeProbeJar(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
    String entry = Probe.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        var in = Probe.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
  }
}
