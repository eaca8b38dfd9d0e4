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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shell scripts a user or a container starts must have LF line endings: a clone with
 * {@code core.autocrlf=true} checked them out with CRLF, and {@code ./trainer} failed with "bad
 * interpreter" (exit 127). .gitattributes pins them to LF; this checks the files themselves (fails
 * on a CRLF checkout) and, in a git work tree, that the attributes cover every script.
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
}
