package org.actorgrad.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which optimiser and its hyper-parameters (all but the learning rate, which comes from the
 * schedule). Written {@code name[:key=value,...]}: {@code sgd}, {@code momentum:momentum=0.95},
 * {@code nesterov}, {@code adam:beta2=0.98,weight_decay=1e-4}, {@code rmsprop:alpha=0.9}.
 *
 * <p>Defaults are PyTorch's (Adam 0.9/0.999/1e-8, RMSprop alpha 0.99 and eps 1e-8, no weight
 * decay), except momentum 0.9, since PyTorch's 0 would make momentum plain SGD. Fields that the
 * kind does not use are reset to their defaults, so {@code parse(toString())} always gives an
 * equal spec; the canonical {@link #toString()} goes into checkpoints.
 */
public record OptimizerSpec(
    Kind kind,
    float momentum,
    boolean nesterov,
    float beta1,
    float beta2,
    float eps,
    float alpha,
    float weightDecay) {

  public enum Kind {
    SGD,
    MOMENTUM,
    ADAM,
    RMSPROP
  }

  public static final float DEFAULT_MOMENTUM = 0.9f;
  public static final float DEFAULT_BETA1 = 0.9f;
  public static final float DEFAULT_BETA2 = 0.999f;
  public static final float DEFAULT_EPS = 1e-8f;
  public static final float DEFAULT_ALPHA = 0.99f;

  public OptimizerSpec {
    if (kind == null) {
      throw new IllegalArgumentException("optimizer kind must not be null");
    }
    if (kind != Kind.MOMENTUM) {
      momentum = DEFAULT_MOMENTUM;
      nesterov = false;
    }
    if (kind != Kind.ADAM) {
      beta1 = DEFAULT_BETA1;
      beta2 = DEFAULT_BETA2;
    }
    if (kind != Kind.ADAM && kind != Kind.RMSPROP) {
      eps = DEFAULT_EPS;
    }
    if (kind != Kind.RMSPROP) {
      alpha = DEFAULT_ALPHA;
    }
    checkUnit("momentum", momentum, kind == Kind.MOMENTUM);
    checkUnit("beta1", beta1, false);
    checkUnit("beta2", beta2, false);
    checkUnit("alpha", alpha, false);
    if (!(eps > 0f) || Float.isInfinite(eps)) {
      throw new IllegalArgumentException("eps must be a finite number > 0, found " + eps);
    }
    if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weight_decay must be a finite number >= 0, found " + weightDecay);
    }
  }

  /** Plain SGD without weight decay. */
  public static OptimizerSpec sgd() {
    return parse("sgd");
  }

  /** Parses {@code sgd|momentum|nesterov|adam|rmsprop}, optionally followed by {@code :key=value,...}. */
  public static OptimizerSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "the optimizer is empty (expected one of sgd, momentum, nesterov, adam, rmsprop)");
    }
    String trimmed = text.trim();
    int colon = trimmed.indexOf(':');
    String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    Kind kind;
    boolean nesterov = false;
    switch (name) {
      case "sgd" -> kind = Kind.SGD;
      case "momentum" -> kind = Kind.MOMENTUM;
      case "nesterov" -> {
        kind = Kind.MOMENTUM;
        nesterov = true;
      }
      case "adam" -> kind = Kind.ADAM;
      case "rmsprop" -> kind = Kind.RMSPROP;
      default -> throw new IllegalArgumentException(
          "unknown optimizer '" + name + "' (expected one of sgd, momentum, nesterov, adam, rmsprop)");
    }
    Map<String, Float> values = new LinkedHashMap<>();
    values.put("momentum", DEFAULT_MOMENTUM);
    values.put("beta1", DEFAULT_BETA1);
    values.put("beta2", DEFAULT_BETA2);
    values.put("eps", DEFAULT_EPS);
    values.put("alpha", DEFAULT_ALPHA);
    values.put("weight_decay", 0f);
    if (colon >= 0) {
      String keysForKind = String.join(", ", keys(kind));
      for (String option : trimmed.substring(colon + 1).split(",", -1)) {
        String[] kv = option.trim().split("=", -1);
        String key = kv[0].trim().toLowerCase(Locale.ROOT);
        if (kv.length != 2 || !keys(kind).contains(key)) {
          throw new IllegalArgumentException(
              "unknown option '" + option.trim() + "' for optimizer " + name
                  + " (expected key=value with key one of " + keysForKind + ")");
        }
        values.put(key, parseNumber(key, kv[1].trim()));
      }
    }
    return new OptimizerSpec(
        kind,
        values.get("momentum"),
        nesterov,
        values.get("beta1"),
        values.get("beta2"),
        values.get("eps"),
        values.get("alpha"),
        values.get("weight_decay"));
  }

  /** This spec with coupled L2 weight decay {@code weightDecay} (added to the gradient). */
  public OptimizerSpec withWeightDecay(float weightDecay) {
    return new OptimizerSpec(kind, momentum, nesterov, beta1, beta2, eps, alpha, weightDecay);
  }

  /** A new optimiser for {@code parameterCount} parameters, its state allocated and zero. */
  public Optimizer create(int parameterCount) {
    return switch (kind) {
      case SGD -> new Sgd(parameterCount, weightDecay);
      case MOMENTUM -> new Momentum(parameterCount, momentum, nesterov, weightDecay);
      case ADAM -> new Adam(parameterCount, beta1, beta2, eps, weightDecay);
      case RMSPROP -> new RmsProp(parameterCount, alpha, eps, weightDecay);
    };
  }

  /** Canonical form with every option the kind uses, e.g. {@code adam:beta1=0.9,beta2=0.999,eps=1.0E-8,weight_decay=0.0}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    switch (kind) {
      case SGD -> sb.append("sgd:");
      case MOMENTUM -> sb.append(nesterov ? "nesterov:" : "momentum:").append("momentum=")
          .append(momentum).append(',');
      case ADAM -> sb.append("adam:beta1=").append(beta1).append(",beta2=").append(beta2)
          .append(",eps=").append(eps).append(',');
      case RMSPROP -> sb.append("rmsprop:alpha=").append(alpha).append(",eps=").append(eps)
          .append(',');
    }
    return sb.append("weight_decay=").append(weightDecay).toString();
  }

  private static List<String> keys(Kind kind) {
    return switch (kind) {
      case SGD -> List.of("weight_decay");
      case MOMENTUM -> List.of("momentum", "weight_decay");
      case ADAM -> List.of("beta1", "beta2", "eps", "weight_decay");
      case RMSPROP -> List.of("alpha", "eps", "weight_decay");
    };
  }

  private static float parseNumber(String key, String text) {
    try {
      return Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, found '" + text + "'");
    }
  }

  private static void checkUnit(String name, float value, boolean positive) {
    if (!(value >= 0f && value < 1f) || (positive && value == 0f)) {
      throw new IllegalArgumentException(
          name + " must be in " + (positive ? "(0, 1)" : "[0, 1)") + ", found " + value);
    }
  }
}
