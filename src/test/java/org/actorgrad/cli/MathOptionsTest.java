package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.checkpoint.HeaderBinding;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.training.MathOptions;
import org.actorgrad.training.RunCheckpoint;
import org.actorgrad.training.RunHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@link MathOptions} is the one list of the options that define the math: this walks its
 * components and checks that each has its command-line option (same type), its HOCON default, its
 * header field, its resume check and its line in {@code inspect}. A component added without an
 * option fails here by name; one added with its option needs nothing else for the rest.
 */
class MathOptionsTest {
  @TempDir Path dir;

  @Test
  void everyComponentHasItsOptionDefaultHeaderFieldResumeCheckAndInspectLine() throws Exception {
    Path file = dir.resolve("run.agc");
    CheckpointFormat.write(TinyRun.checkpoint(), file);
    Checkpoint c = CheckpointFormat.read(file);
    RunHeader header = RunCheckpoint.header(c);
    Config defaults = ConfigFactory.parseResources("config/trainer.conf").resolve();
    StringWriter inspected = new StringWriter();
    assertEquals(0, Main.run(new String[] {"inspect", file.toString()}, new PrintWriter(inspected, true),
        new PrintWriter(new StringWriter(), true)));

    RecordComponent[] components = MathOptions.class.getRecordComponents();
    assertEquals(components.length, c.map("math").size(), "the header's math object holds the record, no more");
    for (RecordComponent component : components) {
      String option = Resumption.optionName(component);
      String json = HeaderBinding.jsonName(component.getName());

      Field field = optionField(option);
      assertEquals(component.getType(), field.getType(), option + " has the component's type");
      assertTrue(defaults.hasPath("actorgrad.training." + option.substring(2)), option + " has a default in trainer.conf");
      assertTrue(c.map("math").containsKey(json), "header math." + json);
      assertTrue(inspected.toString().contains("\n  math." + json + " "), "inspect shows math." + json);

      Object stored = component.getAccessor().invoke(header.math());
      Resumption.requireSameMath(header, parse(option, String.valueOf(stored))); // the same value is fine
      String other = String.valueOf(different(stored));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Resumption.requireSameMath(header, parse(option, other)), option);
      assertTrue(e.getMessage().startsWith(option + " " + other + " differs from the resumed run's " + stored),
          e.getMessage());
    }
  }

  private static Field optionField(String option) {
    for (Field f : TrainingOptions.class.getDeclaredFields()) {
      Option o = f.getAnnotation(Option.class);
      if (o != null && Arrays.asList(o.names()).contains(option)) {
        return f;
      }
    }
    throw new AssertionError("TrainingOptions has no option " + option + " for MathOptions' component of that name");
  }

  private static CommandLine.ParseResult parse(String option, String value) {
    return new CommandLine(new TrainCommand()).parseArgs(option, value);
  }

  private static Object different(Object value) {
    if (value instanceof String s) {
      return s + "x";
    }
    if (value instanceof Float f) {
      return f * 2;
    }
    if (value instanceof Integer i) {
      return i + 1;
    }
    if (value instanceof Long l) {
      return l + 1;
    }
    throw new AssertionError("no different value for a " + value.getClass() + "; teach this test the new type");
  }

  @Test
  void aRunOfTheRevisionBeforeContinuesOnlyWithoutALayerThatChanged() {
    Network dense = new Network(NetworkSpec.parse(784, 10, "128:relu,10:softmax", "cross-entropy"));
    Network narrow = network("input:28x28x1,conv:4:3x3:relu,maxpool:2x2,conv:6:3x3:relu,10:softmax");
    Network strided = network("input:28x28x1,conv:8:3x3:relu,conv:8:3x3:relu:stride=2,10:softmax");
    Network winograd = network("input:28x28x1,conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,"
        + "128:relu,10:softmax");
    for (Network same : new Network[] {dense, narrow, strided}) {
      assertTrue(MathOptions.computesAsInRevision(2, same), same.spec().toString());
      assertFalse(MathOptions.computesAsInRevision(1, same), same.spec().toString());
    }
    assertFalse(MathOptions.computesAsInRevision(2, winograd));
    assertTrue(MathOptions.computesAsInRevision(MathOptions.REVISION, winograd));
    assertFalse(MathOptions.computesAsInRevision(MathOptions.REVISION + 1, dense));
  }

  private static Network network(String layers) {
    return new Network(NetworkSpec.parse(784, 10, layers, "cross-entropy"));
  }
}
