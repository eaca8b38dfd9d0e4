package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.actorgrad.data.Splits;
import org.actorgrad.kernel.Activation;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

/**
 * --help says what users could only learn from README or the code: the optimizers' keys (weight
 * decay, betas, eps, momentum, RMSprop's alpha) and that --limit's N includes the validation share.
 */
class HelpTextTest {
  private static String help() {
    StringWriter out = new StringWriter();
    assertEquals(0, Main.run(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter())));
    return out.toString().replaceAll("\\s+", " "); // picocli wraps lines
  }

  @Test
  void theOptimizerKeysAreListedWithTheirDefaultsAndEveryExampleParses() {
    String help = help();
    for (String piece : new String[] {"--optimizer=NAME[:key=value,...]", "sgd: weight_decay (0)",
        "momentum, nesterov: momentum (0.9), weight_decay (0)",
        "adam: beta1 (0.9), beta2 (0.999), eps (1e-8), weight_decay (0)",
        "rmsprop: alpha (0.99, decay of the squared-gradient average), eps (1e-8), weight_decay (0)"}) {
      assertTrue(help.contains(piece), "--help lacks '" + piece + "'");
    }
    for (String example : new String[] {"momentum:momentum=0.95,weight_decay=5e-4", "adam:beta2=0.98,eps=1e-7"}) {
      assertTrue(help.contains(example), example);
      OptimizerSpec.parse(example); // an example that does not parse would teach the wrong thing
    }
    OptimizerSpec.parse("rmsprop:alpha=0.9,eps=1e-7,weight_decay=0.01");
  }

  @Test
  void everyLayerKindIsListedAndTheCnnExampleParses() {
    String help = help().replace(" ", ""); // picocli also breaks lines inside a long word
    for (String piece : new String[] {"dense: SIZE:activation[:dropout=p]",
        "convolution: conv:FILTERS:KxK:activation[:stride=S][:padding=valid|same][:dropout=p]",
        "max-pooling: maxpool:KxK[:stride=S]", "activations: relu, leaky_relu, tanh, sigmoid, linear, step, softmax"}) {
      assertTrue(help.contains(piece.replace(" ", "")), "--help lacks '" + piece + "'");
    }
    String example = "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax";
    assertTrue(help.contains("e.g." + example), help);
    NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, example, "ce"); // the example must be one that trains
    for (Activation a : Activation.values()) {
      assertTrue(help.contains(a.toString().toLowerCase(java.util.Locale.ROOT)), "--help lacks activation " + a);
    }
  }

  @Test
  void limitSaysTheValidationShareComesOutOfItAndTheFiguresAreTheCodes() {
    String help = help();
    assertTrue(help.contains("--limit 1200 trains on 1,100 and validates on 100 (add --validation 0 to train on all N)"),
        help);
    assertTrue(help.contains("out of those --limit keeps"), help);
    assertEquals(100, Splits.defaultValidation(1200));
    assertEquals(5000, Splits.defaultValidation(60_000));
  }

  /**
   * README's exit-code table, --help's list and the code that maps failures agree (issue 15: a
   * damaged file exited 1 from inspect and 2 from evaluate; a folder or port in use 1 or 2).
   */
  @Test
  void theExitCodesOfReadmeHelpAndTheCodeAgree() throws Exception {
    java.util.List<String> readme = java.nio.file.Files.readAllLines(java.nio.file.Path.of("README.md"));
    int at = readme.indexOf("### Exit codes");
    assertTrue(at >= 0, "README has an exit-code table");
    java.util.List<String> codes = new java.util.ArrayList<>();
    for (String line : readme.subList(at, readme.size())) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\| ([0-9, ]+) \\|").matcher(line);
      if (m.find()) {
        codes.add(m.group(1).trim());
      } else if (!codes.isEmpty() && !line.startsWith("|")) {
        break;
      }
    }
    assertEquals(java.util.List.of("0", "1", "2", "130, 143"), codes);
    String help = help();
    for (String code : new String[] {"Exit codes: 0 done 1 failure:", " 2 usage error:", " 130 stopped by Ctrl-C",
        " 143 stopped by SIGTERM"}) {
      assertTrue(help.contains(code), "--help lacks '" + code + "': " + help);
    }
    assertEquals(2, UserErrors.exitCode(new IllegalArgumentException("--workers must be at least 1, got 0")));
    assertEquals(1, UserErrors.exitCode(new org.actorgrad.checkpoint.UnusableFileException("x.agc: checksum mismatch")));
    assertEquals(1, UserErrors.exitCode(new org.actorgrad.data.DataException("--data d: no such folder")));
    assertEquals(1, UserErrors.exitCode(new IllegalStateException("the run folder r is in use by another training"
        + " process (pid 1)")));
    assertEquals(1, UserErrors.exitCode(new org.actorgrad.training.TrainingException("loss became NaN")));
  }
}
