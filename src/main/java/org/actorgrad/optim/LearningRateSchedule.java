package org.actorgrad.optim;

import java.util.Locale;

/**
 * The learning rate of each global step (0-based), from a base rate and the run's total steps.
 *
 * <p>Written {@code kind[:key=value][,key=value...]}:
 * <ul>
 *   <li>{@code constant}: the base rate;
 *   <li>{@code step:gamma=0.5,every=1000}: multiplied by gamma every {@code every} steps;
 *   <li>{@code cosine} (optionally {@code min=0.001}): half a cosine from the base rate down to
 *       {@code min} (default 0), reached at step {@code totalSteps} (just after the last step).
 * </ul>
 * Any kind may add {@code warmup=N}: the rate rises linearly over the first N steps,
 * {@code base * (step + 1) / N}, and the decay then runs over the remaining steps (its clock starts
 * after the warm-up), e.g. {@code cosine,warmup=200}. Computed in double with StrictMath and
 * rounded to float once, so every node gets the same rate.
 */
public final class LearningRateSchedule {
  public enum Kind {
    CONSTANT,
    STEP,
    COSINE
  }

  private final Kind kind;
  private final float baseLr;
  private final long totalSteps;
  private final double gamma;
  private final long every;
  private final double minLr;
  private final long warmup;

  private LearningRateSchedule(
      Kind kind, float baseLr, long totalSteps, double gamma, long every, double minLr, long warmup) {
    this.kind = kind;
    this.baseLr = baseLr;
    this.totalSteps = totalSteps;
    this.gamma = gamma;
    this.every = every;
    this.minLr = minLr;
    this.warmup = warmup;
  }

  /**
   * The schedule written {@code spec} (see the class comment) for a run of {@code totalSteps}
   * steps from rate {@code baseLr}.
   *
   * @throws IllegalArgumentException for an unknown kind or key, a value out of range, a base
   *     rate that is not finite and positive, or {@code totalSteps <= 0}; the message names it
   */
  public static LearningRateSchedule parse(String spec, float baseLr, long totalSteps) {
    if (!(baseLr > 0f) || Float.isInfinite(baseLr)) {
      throw new IllegalArgumentException(
          "learning rate must be a finite number > 0, found " + baseLr);
    }
    if (totalSteps <= 0) {
      throw new IllegalArgumentException("total steps must be positive, found " + totalSteps);
    }
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "the learning-rate schedule is empty (expected constant, step:gamma=G,every=N or cosine)");
    }
    String text = spec.trim().toLowerCase(Locale.ROOT);
    String[] parts = text.split(",", -1);
    String head = parts[0].trim();
    int colon = head.indexOf(':');
    String name = (colon < 0 ? head : head.substring(0, colon)).trim();
    Kind kind;
    switch (name) {
      case "constant" -> kind = Kind.CONSTANT;
      case "step" -> kind = Kind.STEP;
      case "cosine" -> kind = Kind.COSINE;
      default -> throw new IllegalArgumentException(
          "unknown learning-rate schedule '" + name + "' in '" + spec
              + "' (expected constant, step:gamma=G,every=N or cosine, optionally ,warmup=N)");
    }
    double gamma = Double.NaN;
    long every = 0;
    double minLr = 0.0;
    long warmup = 0;
    for (int i = 0; i < parts.length; i++) {
      String option = i == 0 ? (colon < 0 ? "" : head.substring(colon + 1)) : parts[i];
      option = option.trim();
      if (i == 0 && option.isEmpty()) {
        continue;
      }
      String[] kv = option.split("=", -1);
      String key = kv[0].trim();
      String value = kv.length == 2 ? kv[1].trim() : null;
      if (value != null && key.equals("warmup")) {
        warmup = parseLong(key, value, spec);
      } else if (value != null && kind == Kind.STEP && key.equals("gamma")) {
        gamma = parseDouble(key, value, spec);
      } else if (value != null && kind == Kind.STEP && key.equals("every")) {
        every = parseLong(key, value, spec);
      } else if (value != null && kind == Kind.COSINE && key.equals("min")) {
        minLr = parseDouble(key, value, spec);
      } else {
        throw new IllegalArgumentException(
            "unknown option '" + option + "' in learning-rate schedule '" + spec
                + "' (expected " + expectedOptions(kind) + ")");
      }
    }
    if (kind == Kind.STEP) {
      if (!(gamma > 0.0 && gamma <= 1.0)) {
        throw new IllegalArgumentException(
            "step schedule needs gamma in (0, 1], found " + (Double.isNaN(gamma) ? "none" : gamma)
                + " in '" + spec + "' (e.g. step:gamma=0.5,every=1000)");
      }
      if (every <= 0) {
        throw new IllegalArgumentException(
            "step schedule needs every > 0, found " + (every == 0 ? "none" : every) + " in '" + spec
                + "' (e.g. step:gamma=0.5,every=1000)");
      }
    }
    if (!(minLr >= 0.0 && minLr <= baseLr)) {
      throw new IllegalArgumentException(
          "cosine min must be in [0, " + baseLr + "] (the base learning rate), found " + minLr);
    }
    if (warmup < 0 || warmup >= totalSteps) {
      throw new IllegalArgumentException(
          "warmup must be in [0, " + totalSteps + ") (the total steps), found " + warmup);
    }
    return new LearningRateSchedule(kind, baseLr, totalSteps, gamma, every, minLr, warmup);
  }

  /** The learning rate of the 0-based global {@code step}; past the last step it stays at its final value. */
  public float at(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, found " + step);
    }
    if (step < warmup) {
      return (float) ((double) baseLr * (step + 1) / warmup);
    }
    long t = step - warmup; // the decay's own clock
    return switch (kind) {
      case CONSTANT -> baseLr;
      case STEP -> (float) (baseLr * StrictMath.pow(gamma, (double) (t / every)));
      case COSINE -> {
        long span = totalSteps - warmup;
        double progress = Math.min(t, span) / (double) span;
        yield (float) (minLr + 0.5 * (baseLr - minLr) * (1.0 + StrictMath.cos(Math.PI * progress)));
      }
    };
  }

  public Kind kind() {
    return kind;
  }

  public float baseLr() {
    return baseLr;
  }

  public long totalSteps() {
    return totalSteps;
  }

  /** Canonical spec (without base rate and total steps), e.g. {@code cosine,warmup=200}. */
  @Override
  public String toString() {
    String s = switch (kind) {
      case CONSTANT -> "constant";
      case STEP -> "step:gamma=" + gamma + ",every=" + every;
      case COSINE -> minLr == 0.0 ? "cosine" : "cosine:min=" + minLr;
    };
    return warmup == 0 ? s : s + ",warmup=" + warmup;
  }

  private static String expectedOptions(Kind kind) {
    return switch (kind) {
      case CONSTANT -> "warmup=N";
      case STEP -> "gamma=G, every=N, warmup=N";
      case COSINE -> "min=LR, warmup=N";
    };
  }

  private static long parseLong(String key, String value, String spec) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be an integer, found '" + value + "' in '" + spec + "'");
    }
  }

  private static double parseDouble(String key, String value, String spec) {
    try {
      double d = Double.parseDouble(value);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        key + " must be a finite number, found '" + value + "' in '" + spec + "'");
  }
}
