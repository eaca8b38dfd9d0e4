package org.actorgrad.cluster;

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
 * Starts {@code trainer} JVMs from the shaded jar (system property {@code actorgrad.jar}), each
 * with its output in a file, and kills every one of them on {@link #close()}, whatever happened.
 * Only for addresses on 127.0.0.1: the tests never listen elsewhere.
 */
final class TrainerProcesses implements AutoCloseable {
  private static final Pattern SHA = Pattern.compile("weights sha256: ([0-9a-f]{64})");

  private final Path jar;
  private final Path dir;
  private final List<Trainer> started = new ArrayList<>();

  TrainerProcesses(Path jar, Path dir) {
    this.jar = jar;
    this.dir = dir;
  }

  /** One {@code trainer} JVM and its log. */
  static final class Trainer {
    private final String name;
    private final Process process;
    private final Path log;

    private Trainer(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }

    /** Waits until the output contains {@code text}; fails if the process exits or time runs out first. */
    void awaitOutput(String text, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!output().contains(text)) {
        if (!process.isAlive()) {
          throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing '" + text
              + "'; its output:\n" + output());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(name + " did not print '" + text + "' within " + timeout.toSeconds()
              + " s; its output:\n" + output());
        }
        Thread.sleep(100);
      }
    }

    /** Waits for the exit code; fails (the process is killed by close()) if time runs out. */
    int awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + timeout.toSeconds() + " s; its output:\n" + output());
      }
      return process.exitValue();
    }

    /** kill -9: the JVM gets no chance to leave the cluster or say goodbye. */
    void killHard() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The {@code weights sha256:} the run printed; fails if there is none. */
    String weightsSha() {
      Matcher m = SHA.matcher(output());
      if (!m.find()) {
        throw new AssertionError(name + " printed no 'weights sha256:'; its output:\n" + output());
      }
      return m.group(1);
    }
  }

  /** Starts {@code trainer args...}; its output goes to {@code <dir>/<name>.log}. */
  Trainer start(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.add("-XX:+UseSerialGC"); // two cores shared by several JVMs: no parallel GC threads
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path log = dir.resolve(name + ".log");
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    Trainer t = new Trainer(name, process, log);
    started.add(t);
    return t;
  }

  /** Kills every process started here (and anything they started), and waits for them. */
  @Override
  public void close() {
    for (Trainer t : started) {
      t.process.descendants().forEach(ProcessHandle::destroyForcibly);
      t.process.destroyForcibly();
    }
    for (Trainer t : started) {
      try {
        t.process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
