package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.actorgrad.data.Downloader;
import org.actorgrad.data.LocalMirror;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DownloadCommandTest {
  @TempDir
  Path project;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(DownloadCommand command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void downloadsIntoTheProjectDatasetFolderAndSaysWhere() throws Exception {
    Map<String, byte[]> files = LocalMirror.toyDatasetGzipFiles(5, 2);
    try (LocalMirror mirror = LocalMirror.start()) {
      mirror.serveAll("/f/", files);
      List<String> asked = new ArrayList<>();
      Function<String, Downloader> downloaders = name -> {
        asked.add(name);
        return new Downloader(List.of(mirror.base("/f/")), LocalMirror.specs(files), false, Duration.ofSeconds(5));
      };
      Run run = run(new DownloadCommand(project, downloaders), "--dataset", "mnist");
      Path folder = project.resolve("dataset").resolve("mnist").toAbsolutePath();
      assertEquals(0, run.exitCode(), run.err());
      assertEquals("mnist: the four files are in " + folder + System.lineSeparator(), run.out());
      assertEquals("", run.err());
      assertEquals(List.of("mnist"), asked);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        assertArrayEquals(file.getValue(), Files.readAllBytes(folder.resolve(file.getKey())));
      }
    }
  }

  @Test
  void downloadsIntoTheDataFolderWhenGiven() throws Exception {
    Map<String, byte[]> files = LocalMirror.toyDatasetGzipFiles(5, 2);
    Path target = project.resolve("elsewhere");
    try (LocalMirror mirror = LocalMirror.start()) {
      mirror.serveAll("/f/", files);
      Run run = run(new DownloadCommand(project, name -> new Downloader(List.of(mirror.base("/f/")),
          LocalMirror.specs(files), false, Duration.ofSeconds(5))),
          "--dataset", "fashion-mnist", "--data", target.toString());
      assertEquals(0, run.exitCode(), run.err());
      assertEquals("fashion-mnist: the four files are in " + target.toAbsolutePath() + System.lineSeparator(), run.out());
      assertTrue(Files.isRegularFile(target.resolve("train-images-idx3-ubyte.gz")));
      assertTrue(Files.notExists(project.resolve("dataset")));
    }
  }

  @Test
  void withoutNetworkPrintsOneLineAndExitsWithOne() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/");
    Map<String, byte[]> files = LocalMirror.toyDatasetGzipFiles(5, 2);
    Run run = run(new DownloadCommand(project,
        name -> new Downloader(List.of(nowhere), LocalMirror.specs(files), false, Duration.ofSeconds(5))));
    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    String err = run.err().strip();
    assertTrue(!err.contains("\n") && err.startsWith("download: could not download train-images-idx3-ubyte.gz"), err);
    assertTrue(err.contains("into " + project.resolve("dataset").resolve("mnist").toAbsolutePath()), err);
    assertTrue(err.contains("--data DIR"), err);
    assertFalse(Files.exists(project.resolve("dataset")), "a failed download leaves no folder it made behind");
  }

  @Test
  void anUnknownDatasetIsAOneLineError() {
    Run run = run(new DownloadCommand(project, name -> {
      throw new AssertionError("must not build a downloader for " + name);
    }), "--dataset", "cifar");
    assertEquals(1, run.exitCode());
    assertEquals("download: unknown dataset 'cifar', expected one of mnist, fashion-mnist", run.err().strip());
  }

  @Test
  void aDamagedFileInTheProjectFolderIsNamedOnStderrAndFetchedAgain() throws Exception {
    Map<String, byte[]> files = LocalMirror.toyDatasetGzipFiles(5, 2);
    Path folder = project.resolve("dataset").resolve("mnist");
    Files.createDirectories(folder);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Files.write(folder.resolve(file.getKey()), file.getValue());
    }
    Files.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), new byte[0]); // an interrupted copy
    try (LocalMirror mirror = LocalMirror.start()) {
      mirror.serveAll("/f/", files);
      Run run = run(new DownloadCommand(project, name -> new Downloader(List.of(mirror.base("/f/")),
          LocalMirror.specs(files), false, Duration.ofSeconds(5))));
      assertEquals(0, run.exitCode(), run.err());
      assertEquals("warning: " + folder.toAbsolutePath() + ": t10k-labels-idx1-ubyte.gz is damaged: empty (0 bytes);"
          + " fetched t10k-labels-idx1-ubyte.gz again (the damaged file is kept as t10k-labels-idx1-ubyte.gz.damaged)"
          + System.lineSeparator(), run.err());
      assertEquals("mnist: the four files are in " + folder.toAbsolutePath() + System.lineSeparator(), run.out());
      assertEquals(1, mirror.requests("/f/t10k-labels-idx1-ubyte.gz"));
      assertEquals(0, mirror.requests("/f/train-images-idx3-ubyte.gz"));
    }
  }

  @Test
  void aDamagedFileThatCannotBeFetchedIsOneLineAndExitOne() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    Map<String, byte[]> files = LocalMirror.toyDatasetGzipFiles(5, 2);
    Path folder = project.resolve("data");
    Files.createDirectories(folder);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Files.write(folder.resolve(file.getKey()), file.getValue());
    }
    byte[] images = files.get("train-images-idx3-ubyte.gz");
    Files.write(folder.resolve("train-images-idx3-ubyte.gz"), java.util.Arrays.copyOf(images, images.length - 9));
    Run run = run(new DownloadCommand(project, name -> new Downloader(
        List.of(URI.create("http://127.0.0.1:" + closedPort + "/")), LocalMirror.specs(files), false,
        Duration.ofSeconds(5))), "--data", folder.toString());
    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    String err = run.err().strip();
    assertTrue(!err.contains("\n") && err.startsWith("download: " + folder.toAbsolutePath()
        + ": train-images-idx3-ubyte.gz is damaged: "), err);
    assertTrue(err.contains(", and could not download train-images-idx3-ubyte.gz ("), err);
  }

  @Test
  void helpIsAvailable() {
    Run run = run(new DownloadCommand(), "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("--dataset=NAME") && run.out().contains("--data=DIR"), run.out());
  }
}
