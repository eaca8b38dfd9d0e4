package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JSON warm-up of a run's start: it goes through the same code as an epoch's metrics row and
 * checkpoint header (the once-per-JVM thread is StartupWarmupTest's).
 */
class JsonWarmupTest {
  @Test
  void theWarmUpWritesARowAndAHeaderAsARunDoes() throws Exception {
    JsonWarmup.startOnce();
    JsonWarmup.done().get(60, TimeUnit.SECONDS); // it ran without throwing

    String rows = JsonWarmup.rows();
    String line = rows.substring(0, rows.indexOf('\n'));
    assertEquals("{\"epoch\":1,\"loss\":0.5,\"train_accuracy\":0.75,\"seconds\":1.5,"
        + "\"samples_per_second\":1000.0,\"workers\":2,\"steps\":10,\"compute_seconds\":2.5}", line);
    String header = rows.substring(rows.indexOf('\n') + 1);
    assertTrue(header.startsWith("{\n") && header.contains("\"train_accuracy\": 0.75"), header);
    assertFalse(header.contains("val_"), "NaN figures are left out of a header: " + header);
  }
}
