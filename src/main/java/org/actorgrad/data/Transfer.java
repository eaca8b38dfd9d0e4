package org.actorgrad.data;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * One HTTP response body streamed into a file while its MD5 is computed, so the file is read once.
 * It stops as soon as the body grows past the expected size, and can be aborted from another thread
 * (the downloader's inactivity watchdog), because HttpClient's own timeout ends once headers arrive.
 */
final class Transfer implements HttpResponse.BodySubscriber<Void> {
  /** A reason to give up on this mirror, worded for the user. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String reason) {
      super(reason, null, false, false);
    }
  }

  private final CompletableFuture<Void> body = new CompletableFuture<>();
  private final FileChannel out;
  private final long expectedSize;
  private final Supplier<ProgressBar> progressBars; // null when progress is not shown
  private volatile ProgressBar progress; // made once the body is accepted, so failed attempts draw no bar
  private final MessageDigest md5;
  private volatile String rejection;
  private volatile Flow.Subscription subscription;
  private volatile long received;
  private volatile long lastDataNanos = System.nanoTime();

  Transfer(FileChannel out, long expectedSize, Supplier<ProgressBar> progressBars) {
    this.out = out;
    this.expectedSize = expectedSize;
    this.progressBars = progressBars;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships MD5", e);
    }
  }

  /** Marks the response as unusable (bad status, wrong length): the body is not read. */
  Transfer reject(String reason) {
    rejection = reason;
    return this;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    lastDataNanos = System.nanoTime();
    if (rejection != null) {
      s.cancel();
      body.completeExceptionally(new Failure(rejection));
    } else {
      if (progressBars != null) {
        progress = progressBars.get();
      }
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return; // aborted: items may still arrive after cancel
    }
    try {
      long total = received;
      for (ByteBuffer buffer : buffers) {
        total += buffer.remaining();
        if (total > expectedSize) {
          throw new Failure("the server sent more than the expected " + expectedSize + " bytes");
        }
        md5.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      received = total;
      lastDataNanos = System.nanoTime();
      ProgressBar bar = progress;
      if (bar != null) {
        bar.stepTo(total);
      }
      subscription.request(1);
    } catch (IOException | Failure e) {
      subscription.cancel();
      body.completeExceptionally(e);
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(null);
  }

  @Override
  public CompletionStage<Void> getBody() {
    return body;
  }

  /** Ends the transfer with {@code reason}; safe from any thread, a no-op once finished. */
  void abort(String reason) {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    body.completeExceptionally(new Failure(reason));
  }

  /** Finishes the progress bar's line, if one was drawn. */
  void closeProgress() {
    ProgressBar bar = progress;
    if (bar != null) {
      bar.close();
    }
  }

  boolean subscribed() {
    return subscription != null;
  }

  long nanosSinceData() {
    return System.nanoTime() - lastDataNanos;
  }

  long received() {
    return received;
  }

  /** The MD5 of everything received; call only after the transfer completed. */
  String md5Hex() {
    return HexFormat.of().formatHex(md5.digest());
  }
}
