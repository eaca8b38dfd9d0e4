package org.actorgrad.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.actorgrad.data.LoadedData;
import org.actorgrad.kernel.Dense;
import org.actorgrad.training.EpochMetrics;
import org.actorgrad.training.TrainingListener;
import org.actorgrad.training.TrainingPlan;
import org.actorgrad.training.TrainingResult;

/** What a user sees while training: a header, a progress bar per epoch, a line per epoch, a summary. */
final class Console {
  private final PrintWriter out;
  private final boolean interactive;

  Console(PrintWriter out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  boolean interactive() {
    return interactive;
  }

  void header(String dataset, LoadedData data, TrainingPlan plan) {
    var c = plan.config();
    out.printf(Locale.ROOT, "data     %s: %,d training (%,d held out for validation), %,d test%n",
        dataset, plan.trainCount(), plan.validation().count(), data.test().count());
    out.printf(Locale.ROOT, "network  %s, %s, %,d parameters%n",
        plan.network().spec().summary(), plan.network().spec().loss().id(),
        plan.network().parameterCount());
    out.printf(Locale.ROOT, "training %s lr %s (%s), batch %d over %d partitions, %d workers on %d threads, seed %d, kernel %s%n",
        c.optimizer(), c.learningRate(), c.schedule(), c.batchSize(), c.partitions(), c.workers(),
        c.threads(), c.seed(), Dense.path());
    out.flush();
  }

  TrainingListener listener(MetricsFile metrics) {
    return new TrainingListener() {
      private ProgressBar bar;

      @Override
      public void epochStarted(int epoch) {
        if (interactive) {
          bar = new ProgressBarBuilder()
              .setTaskName(String.format(Locale.ROOT, "epoch %d", epoch))
              .setInitialMax(1)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(200)
              .continuousUpdate()
              .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
              .clearDisplayOnFinish()
              .build();
        }
      }

      @Override
      public void stepDone(int epoch, int step, int steps) {
        if (bar != null) {
          bar.maxHint(steps);
          bar.stepTo(step);
        }
      }

      @Override
      public void epochDone(EpochMetrics m) {
        if (bar != null) {
          bar.close();
          bar = null;
        }
        String val = Double.isNaN(m.validationAccuracy())
            ? "val -" : String.format(Locale.ROOT, "val %.2f%%", 100 * m.validationAccuracy());
        out.printf(Locale.ROOT,
            "epoch %d  loss %.4f  train %.2f%%  %s  %,.0f samples/s  %.2f s%n",
            m.epoch(), m.loss(), 100 * m.trainAccuracy(), val, m.samplesPerSecond(), m.seconds());
        out.flush();
        metrics.append(m);
      }

      @Override
      public void workerLost(String worker, String reason, int moved) {
        out.printf(Locale.ROOT, "worker %s lost (%s): %d partition(s) moved, the step is recomputed%n",
            worker, reason, moved);
        out.flush();
      }

      @Override
      public void workerJoined(String worker, int workers) {
        out.printf(Locale.ROOT, "worker %s joined: %d workers%n", worker, workers);
        out.flush();
      }
    };
  }

  void summary(TrainingResult result, Path model, Path metrics) {
    out.printf(Locale.ROOT, "test accuracy %.4f (loss %.4f) after %,d steps%n",
        result.testAccuracy(), result.testLoss(), result.steps());
    out.println("model saved to " + model);
    out.println("metrics in " + metrics + " (chart: " + MetricsFile.chartPath(metrics) + ")");
    out.println("weights sha256: " + result.fingerprint());
    out.flush();
  }
}
