package org.actorgrad.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code trainer} JVM started from the shaded jar, its output captured to a file. Tests
 * close it (try-with-resources), which kills it if still running: no process outlives a test.
 */
public final class TrainerProcess implements AutoCloseable {
  private static final Pattern FINGERPRINT = Pattern.compile("weights sha256: ([0-9a-f]{64})");

  private final Process process;
  private final Path log;

  private TrainerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The jar the integration tests run, from the failsafe configuration. */
  public static Path jar() {
    String jar = System.getProperty("actorgrad.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property actorgrad.jar must name the built trainer.jar (run through ./mvnw verify)");
    }
    return Path.of(jar);
  }

  public static TrainerProcess start(Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-XX:+UseSerialGC",
        "-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000", // as ./trainer starts cluster nodes
        "-Djava.awt.headless=true", "-jar", jar().toString()));
    command.addAll(args);
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new TrainerProcess(p, log);
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int awaitExit(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      String threads = threadDump();
      process.destroyForcibly().waitFor();
      throw new AssertionError("the trainer did not finish within " + timeout + "; its output:\n" + output()
          + "\nits threads:\n" + threads);
    }
    return process.exitValue();
  }

  /** The JVM's threads (jcmd Thread.print), so that a process that hangs says where. */
  private String threadDump() {
    try {
      Path dump = Files.createTempFile("trainer-threads", ".txt");
      try {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).redirectOutput(dump.toFile()).start();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) { // a hung jcmd must not hang the test
          jcmd.destroyForcibly();
          return "(jcmd did not finish)";
        }
        return Files.readString(dump, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(dump);
      }
    } catch (IOException e) {
      return "(no thread dump: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(no thread dump: interrupted)";
    }
  }

  /** Waits until the output matches {@code regex} (or the process ends); returns whether it did. */
  public boolean awaitOutput(String regex, Duration timeout) throws IOException, InterruptedException {
    Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (p.matcher(output()).find()) {
        return true;
      }
      if (!process.isAlive()) {
        return p.matcher(output()).find();
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** kill -STOP: the process stays, holding its sockets open, and answers nothing (a hung JVM). */
  public void suspend() throws IOException, InterruptedException {
    Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
    if (stop.waitFor() != 0) {
      throw new IOException("kill -STOP " + process.pid() + " failed");
    }
  }

  /** Sends {@code kill -NAME} (TERM, INT, CONT, ...) and returns at once. */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** kill -9: no shutdown hook, no flush, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** The {@code weights sha256:} the run printed at its end. */
  public String fingerprint() throws IOException {
    Matcher m = FINGERPRINT.matcher(output());
    if (!m.find()) {
      throw new AssertionError("no 'weights sha256:' line in the output:\n" + output());
    }
    return m.group(1);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
