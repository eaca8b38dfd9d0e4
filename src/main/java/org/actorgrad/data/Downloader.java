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
 * place atomically; any failure deletes the part file, so a file under its real name has always
 * been verified (which is why files already present are trusted and skipped).
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

  /** The real mirrors and the original files' sizes and MD5s of {@code mnist} or {@code fashion-mnist}. */
  public static Downloader forDataset(String name, boolean showProgress) {
    DatasetFiles.requireKnown(name);
    Map<String, FileSpec> files = new LinkedHashMap<>();
    List<URI> mirrors;
    if (name.equals("mnist")) {
      mirrors = List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
          URI.create("http://yann.lecun.com/exdb/mnist/"));
      files.put("train-images-idx3-ubyte.gz", new FileSpec(9_912_422, "f68b3c2dcbeaaa9fbdd348bbdeb94873"));
      files.put("train-labels-idx1-ubyte.gz", new FileSpec(28_881, "d53e105ee54ea40749a09fcbcd1e9432"));
      files.put("t10k-images-idx3-ubyte.gz", new FileSpec(1_648_877, "9fb629c4189551a2d022fa330f9573f3"));
      files.put("t10k-labels-idx1-ubyte.gz", new FileSpec(4_542, "ec29112dd5afa0611ce80d1b7f02629c"));
    } else {
      mirrors = List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));
      files.put("train-images-idx3-ubyte.gz", new FileSpec(26_421_880, "8d4fb7e6c68d591d4c3dfef9ec88bf0d"));
      files.put("train-labels-idx1-ubyte.gz", new FileSpec(29_515, "25c81989df183df01b3e8a0aad5dffbe"));
      files.put("t10k-images-idx3-ubyte.gz", new FileSpec(4_422_102, "bef4ecab320f06d8554ea6380940ec79"));
      files.put("t10k-labels-idx1-ubyte.gz", new FileSpec(5_148, "bb300cfdad3c16e7a12a480ee83cd310"));
    }
    return new Downloader(mirrors, files, showProgress, DEFAULT_TIMEOUT);
  }

  /**
   * Downloads every expected file that {@code targetDir} does not hold yet (as NAME.gz or raw NAME),
   * creating the folder if needed.
   *
   * @throws DataException naming the file, each mirror's reason, and where to put the files by hand
   */
  public void download(Path targetDir) {
    try {
      Files.createDirectories(targetDir);
    } catch (IOException e) {
      throw new DataException(targetDir.toAbsolutePath() + ": cannot create the folder (" + e
          + "), expected a writable folder for the downloaded files");
    }
    HttpClient client = null;
    for (Map.Entry<String, FileSpec> file : expected.entrySet()) {
      if (isPresent(targetDir, file.getKey())) {
        continue;
      }
      if (client == null) {
        client = newClient();
      }
      downloadFile(client, file.getKey(), file.getValue(), targetDir);
    }
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

  private static boolean isPresent(Path folder, String file) {
    if (Files.isRegularFile(folder.resolve(file))) {
      return true;
    }
    return file.endsWith(".gz")
        && Files.isRegularFile(folder.resolve(file.substring(0, file.length() - 3)));
  }

  private void downloadFile(HttpClient client, String file, FileSpec spec, Path targetDir) {
    List<String> failures = new ArrayList<>();
    for (URI mirror : mirrors) {
      URI uri = mirror.resolve(file);
      try {
        fetch(client, uri, file, spec, targetDir);
        return;
      } catch (Transfer.Failure e) {
        failures.add(uri + ": " + e.getMessage());
      }
    }
    List<String> names = new ArrayList<>(expected.keySet());
    throw new DataException("could not download " + file + " (" + String.join("; ", failures)
        + "); to go without network, put the files " + String.join(", ", names)
        + " (gzip or uncompressed, without .gz) into " + targetDir.toAbsolutePath()
        + ", or pass --data DIR naming a folder that holds them");
  }

  /** Streams {@code uri} into a part file, verifies it, moves it into place; leaves nothing on failure. */
  private void fetch(HttpClient client, URI uri, String file, FileSpec spec, Path targetDir)
      throws Transfer.Failure {
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
      Files.move(part, targetDir.resolve(file), StandardCopyOption.ATOMIC_MOVE);
      moved = true;
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
