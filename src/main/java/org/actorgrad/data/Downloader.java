package org.actorgrad.data;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Downloads a data set's files, trying mirrors in order. Each file is streamed into
 * {@code .<name>.part} in the target folder while its size and MD5 are checked, then moved into
 * place atomically; any failure deletes the part file, so a file under its real name that this
 * class wrote has always been verified.
 *
 * <p>Files already in the folder (put there by hand, by another tool, or by an interrupted copy)
 * are checked before they are trusted ({@link InPlaceCheck}): a damaged one is named, fetched
 * again, and kept beside as {@code NAME.damaged} (never deleted). Where several spellings of one
 * file exist ({@code NAME.gz}, {@code NAME}, the dotted ones), the one the loader reads first is
 * the one that counts; the others are checked too and a damaged one is named.
 */
public final class Downloader {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final long WATCHDOG_POLL_MILLIS = 100;

  private final List<URI> mirrors;
  private final Map<String, FileSpec> expected;
  private final boolean showProgress;
  private final Duration timeout;

  /**
   * @param mirrors base URLs ending with {@code /}, tried in order for each file
   * @param expected file name (as served, e.g. {@code train-images-idx3-ubyte.gz}) to its size and MD5
   * @param timeout for connecting, for the response headers, and for each pause in the body
   */
  public Downloader(List<URI> mirrors, Map<String, FileSpec> expected, boolean showProgress,
      Duration timeout) {
    if (mirrors.isEmpty()) {
      throw new IllegalArgumentException("expected at least one mirror, found none");
    }
    for (URI mirror : mirrors) {
      if (!mirror.toString().endsWith("/")) {
        throw new IllegalArgumentException("expected a mirror base URL ending with /, found " + mirror);
      }
    }
    if (expected.isEmpty()) {
      throw new IllegalArgumentException("expected at least one file to download, found none");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("expected a positive timeout, found " + timeout);
    }
    this.mirrors = List.copyOf(mirrors);
    this.expected = new LinkedHashMap<>(expected);
    this.showProgress = showProgress;
    this.timeout = timeout;
  }

  /**
   * The real mirrors, the original files' sizes and MD5s, and the canonical decompressed content of
   * {@code mnist} or {@code fashion-mnist}. Sources of the SHA-256s (docs/hardening.md has the
   * details): Fashion-MNIST's and MNIST's test files were hashed here from ../shared/datasets
   * (decompressed); MNIST's training files (not available here in full) carry the SHA-256 that
   * independent public MNIST loaders publish, whose test-file hashes equal those computed here.
   */
  public static Downloader forDataset(String name, boolean showProgress) {
    DatasetFiles.requireKnown(name);
    Map<String, FileSpec> files = new LinkedHashMap<>();
    List<URI> mirrors;
    if (name.equals("mnist")) {
      mirrors = List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
          URI.create("http://yann.lecun.com/exdb/mnist/"));
      files.put("train-images-idx3-ubyte.gz", new FileSpec(9_912_422, "f68b3c2dcbeaaa9fbdd348bbdeb94873",
          CanonicalIdx.images(60_000, 28, 28, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db")));
      files.put("train-labels-idx1-ubyte.gz", new FileSpec(28_881, "d53e105ee54ea40749a09fcbcd1e9432",
          CanonicalIdx.labels(60_000, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5")));
      files.put("t10k-images-idx3-ubyte.gz", new FileSpec(1_648_877, "9fb629c4189551a2d022fa330f9573f3",
          CanonicalIdx.images(10_000, 28, 28, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7")));
      files.put("t10k-labels-idx1-ubyte.gz", new FileSpec(4_542, "ec29112dd5afa0611ce80d1b7f02629c",
          CanonicalIdx.labels(10_000, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")));
    } else {
      mirrors = List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));
      files.put("train-images-idx3-ubyte.gz", new FileSpec(26_421_880, "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
          CanonicalIdx.images(60_000, 28, 28, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888")));
      files.put("train-labels-idx1-ubyte.gz", new FileSpec(29_515, "25c81989df183df01b3e8a0aad5dffbe",
          CanonicalIdx.labels(60_000, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9")));
      files.put("t10k-images-idx3-ubyte.gz", new FileSpec(4_422_102, "bef4ecab320f06d8554ea6380940ec79",
          CanonicalIdx.images(10_000, 28, 28, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b")));
      files.put("t10k-labels-idx1-ubyte.gz", new FileSpec(5_148, "bb300cfdad3c16e7a12a480ee83cd310",
          CanonicalIdx.labels(10_000, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")));
    }
    return new Downloader(mirrors, files, showProgress, DEFAULT_TIMEOUT);
  }

  /**
   * Makes {@code targetDir} hold every expected file intact, creating the folder if needed: a file
   * already there (as NAME.gz, NAME, or a dotted spelling) is checked and kept when intact; a
   * missing one is downloaded; a damaged one is downloaded again and the damaged copy kept beside
   * it as {@code NAME.damaged}. Returns one line per thing the user should know (a damaged file
   * replaced, or one that is present but not read), empty when all was in order.
   *
   * @throws DataException naming the file, each mirror's reason, and where to put the files by hand;
   *     for a damaged file also what is wrong with it
   */
  public List<String> download(Path targetDir) {
    List<Path> made = new ArrayList<>(); // the folders this call creates, deepest first
    for (Path dir = targetDir.toAbsolutePath(); dir != null && !Files.exists(dir); dir = dir.getParent()) {
      made.add(dir);
    }
    try {
      Files.createDirectories(targetDir);
    } catch (IOException e) {
      throw new DataException(targetDir.toAbsolutePath() + ": cannot create the folder (" + e
          + "), expected a writable folder for the downloaded files");
    }
    try {
      return downloadInto(targetDir);
    } catch (RuntimeException e) {
      // A failed download leaves no folder it made behind (only empty ones: nothing else is removed).
      for (Path dir : made) {
        try {
          Files.deleteIfExists(dir);
        } catch (IOException notEmpty) {
          break;
        }
      }
      throw e;
    }
  }

  private List<String> downloadInto(Path targetDir) {
    List<String> notes = new ArrayList<>();
    HttpClient client = null;
    for (Map.Entry<String, FileSpec> file : expected.entrySet()) {
      String name = file.getKey();
      FileSpec spec = file.getValue();
      List<Path> present = present(targetDir, name);
      List<Path> damaged = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      Path intact = null;
      for (Path candidate : present) {
        String problem = InPlaceCheck.problem(candidate, spec);
        if (problem == null) {
          if (intact == null) {
            intact = candidate;
          }
        } else {
          damaged.add(candidate);
          reasons.add(candidate.getFileName() + " is damaged: " + problem);
        }
      }
      if (intact != null) {
        // The loader reads the first spelling present: set aside damaged ones that would shadow it.
        List<Path> shadowing = new ArrayList<>();
        for (Path d : damaged) {
          if (present.indexOf(d) < present.indexOf(intact)) {
            shadowing.add(d);
          }
        }
        List<String> keptAs = setAside(shadowing);
        for (int i = 0; i < damaged.size(); i++) {
          Path d = damaged.get(i);
          int shadow = shadowing.indexOf(d);
          notes.add(targetDir.toAbsolutePath() + ": " + reasons.get(i)
              + (shadow >= 0 ? "; kept as " + keptAs.get(shadow) + ", " : "; ")
              + intact.getFileName() + " is intact and is the one read");
        }
        continue;
      }
      if (client == null) {
        client = newClient();
      }
      String why = reasons.isEmpty() ? null : String.join("; ", reasons);
      List<String> keptAs = downloadFile(client, name, spec, targetDir, damaged, why);
      if (why != null) {
        notes.add(targetDir.toAbsolutePath() + ": " + why + "; fetched " + name + " again (the damaged "
            + (keptAs.size() == 1 ? "file is kept as " : "files are kept as ") + String.join(", ", keptAs) + ")");
      }
    }
    return notes;
  }

  /** The spellings of {@code name} present in {@code folder}, the one the loader reads first. */
  private static List<Path> present(Path folder, String name) {
    if (name.endsWith(".gz") && name.contains("-idx")) {
      return DatasetFiles.present(folder, name.substring(0, name.length() - 3));
    }
    List<Path> present = new ArrayList<>();
    for (String spelling : name.endsWith(".gz") ? List.of(name, name.substring(0, name.length() - 3)) : List.of(name)) {
      if (Files.isRegularFile(folder.resolve(spelling))) {
        present.add(folder.resolve(spelling));
      }
    }
    return present;
  }

  /**
   * Renames each file to {@code NAME.damaged} (or {@code NAME.damaged-2}, ... when taken), so that
   * nothing a user put there is lost and the loader no longer reads it; returns the new names.
   */
  private static List<String> setAside(List<Path> files) {
    List<String> names = new ArrayList<>();
    for (Path file : files) {
      Path aside = file.resolveSibling(file.getFileName() + ".damaged");
      for (int n = 2; Files.exists(aside, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
        aside = file.resolveSibling(file.getFileName() + ".damaged-" + n);
      }
      try {
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new DataException(file.toAbsolutePath() + " is damaged and cannot be renamed to "
            + aside.getFileName() + " (" + e + "); remove it and run download again");
      }
      names.add(aside.getFileName().toString());
    }
    return names;
  }

  /** File name (as served) to what it must be, in download order: for tests. */
  Map<String, FileSpec> expected() {
    return Map.copyOf(expected);
  }

  private HttpClient newClient() {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .version(HttpClient.Version.HTTP_1_1);
    ProxySelector proxies = ProxySelector.getDefault(); // honours -Dhttps.proxyHost and friends
    if (proxies != null) {
      builder.proxy(proxies);
    }
    return builder.build();
  }

  /**
   * Fetches {@code file} from the first mirror that serves it intact; just before the verified
   * file is moved into place, the {@code damaged} spellings are set aside. Returns their new names.
   *
   * @param why what is wrong with the damaged files (for the error), or null when it was missing
   */
  private List<String> downloadFile(HttpClient client, String file, FileSpec spec, Path targetDir,
      List<Path> damaged, String why) {
    List<String> failures = new ArrayList<>();
    for (URI mirror : mirrors) {
      URI uri = mirror.resolve(file);
      try {
        return fetch(client, uri, file, spec, targetDir, damaged);
      } catch (Transfer.Failure e) {
        failures.add(uri + ": " + e.getMessage());
      }
    }
    List<String> names = new ArrayList<>(expected.keySet());
    String damage = why == null ? "" : targetDir.toAbsolutePath() + ": " + why + ", and ";
    throw new DataException(damage + "could not download " + file + " (" + String.join("; ", failures)
        + "); to go without network, put the files " + String.join(", ", names)
        + " (gzip or uncompressed, without .gz) into " + targetDir.toAbsolutePath()
        + ", or pass --data DIR naming a folder that holds them");
  }

  /** Streams {@code uri} into a part file, verifies it, moves it into place; leaves nothing on failure. */
  private List<String> fetch(HttpClient client, URI uri, String file, FileSpec spec, Path targetDir,
      List<Path> damaged) throws Transfer.Failure {
    Path part = targetDir.resolve("." + file + ".part");
    boolean moved = false;
    try {
      try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        Transfer transfer = new Transfer(out, spec.size(),
            showProgress ? () -> progressBar(file, spec.size()) : null);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request, info -> {
          if (info.statusCode() != 200) {
            return transfer.reject("HTTP " + info.statusCode());
          }
          long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
          if (announced >= 0 && announced != spec.size()) {
            return transfer.reject("the server announced " + announced + " bytes, expected " + spec.size());
          }
          return transfer;
        });
        try {
          await(response, transfer);
        } finally {
          transfer.closeProgress();
        }
        if (transfer.received() != spec.size()) {
          throw new Transfer.Failure("received " + transfer.received() + " bytes, expected " + spec.size());
        }
        String md5 = transfer.md5Hex();
        if (!md5.equals(spec.md5())) {
          throw new Transfer.Failure("MD5 " + md5 + ", expected " + spec.md5() + " (corrupt or different file)");
        }
        out.force(true); // the file must be on disk before its name says it is verified
      }
      List<String> keptAs = setAside(damaged);
      Files.move(part, targetDir.resolve(file), StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      return keptAs;
    } catch (IOException e) {
      throw new Transfer.Failure("cannot write " + part + ": " + e);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(part);
        } catch (IOException ignored) {
          // Nothing that looks finished remains either way: the part file is truncated on the next run.
        }
      }
    }
  }

  /** Waits for the body, aborting when no data arrives for {@code timeout}. */
  private void await(CompletableFuture<HttpResponse<Void>> response, Transfer transfer)
      throws Transfer.Failure {
    long timeoutNanos = timeout.toNanos();
    long started = System.nanoTime();
    while (true) {
      try {
        response.get(WATCHDOG_POLL_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        if (transfer.subscribed() && transfer.nanosSinceData() > timeoutNanos) {
          transfer.abort("no data for " + describe(timeout) + ", gave up");
        } else if (!transfer.subscribed() && System.nanoTime() - started > 3 * timeoutNanos) {
          // HttpClient's connect and header timeouts should have fired; do not hang if they did not.
          response.cancel(true);
          throw new Transfer.Failure("no response within " + describe(timeout.multipliedBy(3)));
        }
      } catch (InterruptedException e) {
        transfer.abort("interrupted");
        response.cancel(true);
        Thread.currentThread().interrupt();
        throw new Transfer.Failure("interrupted");
      } catch (ExecutionException e) {
        String reason = describe(e.getCause());
        if (transfer.received() > 0 && !(unwrap(e) instanceof Transfer.Failure)) {
          reason = "the transfer broke off after " + transfer.received() + " bytes (" + reason + ")";
        }
        throw new Transfer.Failure(reason);
      }
    }
  }

  private static Throwable unwrap(Throwable error) {
    while ((error instanceof CompletionException || error instanceof ExecutionException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }

  private static String describe(Throwable error) {
    error = unwrap(error);
    if (error instanceof Transfer.Failure) {
      return error.getMessage();
    }
    if (error instanceof ConnectException) {
      return "cannot connect" + (error.getMessage() == null ? "" : " (" + error.getMessage() + ")");
    }
    if (error instanceof HttpConnectTimeoutException) {
      return "connecting timed out";
    }
    if (error instanceof HttpTimeoutException) {
      return "no response in time";
    }
    if (error instanceof UnknownHostException || error instanceof UnresolvedAddressException
        || error.getCause() instanceof UnresolvedAddressException) {
      return "unknown host (no network or DNS?)";
    }
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message.replace('\n', ' '));
  }

  private static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static ProgressBar progressBar(String file, long size) {
    return new ProgressBarBuilder()
        .setTaskName(file)
        .setInitialMax(size)
        .setUnit("MB", 1_000_000)
        .showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        // Colours and block characters only on a terminal; a log file gets plain ASCII.
        .setStyle(System.console() != null ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
        .build();
  }
}
