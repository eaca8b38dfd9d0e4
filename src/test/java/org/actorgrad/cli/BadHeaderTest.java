package org.actorgrad.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.actorgrad.checkpoint.Checkpoint;
import org.actorgrad.checkpoint.CheckpointFormat;
import org.actorgrad.training.MathOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A checkpoint whose checksum is fine but whose run header is not: {@code inspect}, {@code --resume}
 * and {@code evaluate} each answer with one line naming the field, never a stack trace. Needs no
 * data set: the run is of made-up 8x8 images, and the commands fail before they read data.
 */
class BadHeaderTest {
  @TempDir static Path dir;
  private static Path good;

  @BeforeAll
  static void writeAGoodRunCheckpoint() throws Exception {
    good = dir.resolve("good.agc");
    CheckpointFormat.write(TinyRun.checkpoint(), good);
  }

  record Case(String name, String expected, Path file) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() throws Exception {
    return Stream.of(
        new Case("missing field", "header field position.epoch is missing",
            edited("missing", h -> section(h, "position").remove("epoch"))),
        new Case("wrong type", "header field math.lr: expected a number, found \"fast\"",
            edited("type", h -> section(h, "math").put("lr", "fast"))),
        new Case("position out of range", "header field position.step_in_epoch must be 0 to 3 (steps_per_epoch 4), found 4",
            edited("range", h -> section(h, "position").put("step_in_epoch", 4))),
        new Case("unknown enum value", "header field math is not a valid run: unknown loss 'hinge'",
            edited("enum", h -> section(h, "math").put("loss", "hinge"))),
        new Case("deep nesting", "the header is not valid: expected a JSON object: Document nesting depth (33) exceeds"
            + " the maximum allowed (32, from `StreamReadConstraints.getMaxNestingDepth()`)",
            rewritten("deep", json -> json.replaceFirst("\\{", "{\"deep\": " + "[".repeat(5000) + "]".repeat(5000) + ","))),
        new Case("long number", "the header is not valid: expected a JSON object: Number value length (400) exceeds the"
            + " maximum allowed (64",
            rewritten("long", json -> json.replace("\"global_step\": 0", "\"global_step\": 1" + "0".repeat(399)))),
        new Case("number beyond 64 bits", "the header is not valid: expected a whole number within 64 bits at"
            + " header.position.global_step, found one of 25 digits",
            rewritten("big", json -> json.replace("\"global_step\": 0", "\"global_step\": 1" + "0".repeat(24)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inspectResumeAndEvaluateSayWhatIsWrongInOneLine(Case c) {
    String nodata = dir.resolve("no-data").toString();
    assertOneLine(c, 1, "inspect", c.file().toString());
    // One exit code for one kind of fault: a file that cannot be used is a failure, 1 (before: 2 here, 1 for inspect).
    assertOneLine(c, 1, "--resume", c.file().toString(), "--data", nodata, "--run-dir", dir.resolve("r").toString(),
        "--no-progress");
    assertOneLine(c, 1, "evaluate", "--model", c.file().toString(), "--data", nodata);
  }

  @Test
  void aCheckpointOfAnotherMathRevisionIsShownButNotResumed() throws Exception {
    Path other = edited("revision", h -> h.put("math_revision", MathOptions.REVISION + 1));
    String[] out = new String[1];
    assertEquals(0, run(out, "inspect", other.toString()), out[0]);
    assertTrue(out[0].matches("(?s).*\n  math_revision +" + (MathOptions.REVISION + 1) + "\n.*"), out[0]);
    assertOneLine(new Case("revision", other + ": written with math revision " + (MathOptions.REVISION + 1)
        + ", this build computes revision " + MathOptions.REVISION + ", so the run cannot continue bit-exactly here",
        other), 1, "--resume", other.toString(), "--data", dir.resolve("no-data").toString(),
        "--run-dir", dir.resolve("r").toString(), "--no-progress");
  }

  @Test
  void aDenseRunOfRevisionTwoIsNotRefusedForItsRevision() throws Exception {
    // Revision 3 changed only conv layers Winograd takes: a dense run computes as in revision 2.
    Path two = edited("revision-2", h -> h.put("math_revision", 2));
    StringWriter errors = new StringWriter();
    int code = Main.run(new String[] {"--resume", two.toString(), "--data", dir.resolve("no-data").toString(),
        "--run-dir", dir.resolve("r2").toString(), "--no-progress"}, new PrintWriter(new StringWriter(), true),
        new PrintWriter(errors, true));
    assertEquals(1, code, errors.toString()); // no data here: a later check refuses it
    assertFalse(errors.toString().contains("math revision"), errors.toString());
    assertTrue(errors.toString().contains("no-data"), errors.toString());
  }

  private static void assertOneLine(Case c, int exitCode, String... args) {
    String[] err = new String[1];
    StringWriter out = new StringWriter();
    StringWriter errors = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(errors, true));
    err[0] = errors.toString();
    String command = String.join(" ", args);
    assertEquals(exitCode, code, command + ": " + err[0]);
    List<String> lines = err[0].lines().toList();
    assertEquals(1, lines.size(), command + ": one line, found: " + err[0]);
    assertTrue(lines.get(0).startsWith("error: " + c.file()), command + ": " + err[0]);
    assertTrue(lines.get(0).contains(c.expected()), command + ": expected '" + c.expected() + "' in: " + err[0]);
    assertFalse(err[0].contains("Exception") || err[0].contains("\tat "), command + ": " + err[0]);
  }

  private static int run(String[] out, String... args) {
    StringWriter o = new StringWriter();
    int code = Main.run(args, new PrintWriter(o, true), new PrintWriter(new StringWriter(), true));
    out[0] = o.toString();
    return code;
  }

  /** The good checkpoint with its header edited as values. */
  private static Path edited(String name, java.util.function.Consumer<Map<String, Object>> edit) throws Exception {
    Checkpoint c = CheckpointFormat.read(good);
    Map<String, Object> header = deepCopy(c.header());
    edit.accept(header);
    Path file = dir.resolve(name + ".agc");
    CheckpointFormat.write(new Checkpoint(header, c.tensors()), file);
    return file;
  }

  /** The good checkpoint with its header's JSON text rewritten, preamble and checksum made to match. */
  private static Path rewritten(String name, UnaryOperator<String> edit) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(good)).order(ByteOrder.LITTLE_ENDIAN);
    int headerBytes = in.getInt(12);
    String json = new String(in.array(), CheckpointFormat.PREAMBLE_BYTES, headerBytes, UTF_8);
    String changed = edit.apply(json);
    assertFalse(changed.equals(json), "the edit changed nothing");
    byte[] header = changed.getBytes(UTF_8);
    int dataStart = CheckpointFormat.PREAMBLE_BYTES + headerBytes;
    int dataBytes = in.capacity() - dataStart - CheckpointFormat.CHECKSUM_BYTES;
    ByteBuffer out = ByteBuffer.allocate(CheckpointFormat.PREAMBLE_BYTES + header.length + dataBytes
        + CheckpointFormat.CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    out.put(CheckpointFormat.MAGIC).putInt(CheckpointFormat.VERSION).putInt(header.length).putLong(dataBytes)
        .put(header).put(in.array(), dataStart, dataBytes);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    Path file = dir.resolve(name + ".agc");
    Files.write(file, out.array());
    return file;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> header, String name) {
    return (Map<String, Object>) header.get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> inner ? deepCopy((Map<String, Object>) inner) : v));
    return out;
  }
}
