package org.actorgrad.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.actorgrad.model.FeatureShape;
import org.actorgrad.model.GradientEngine;
import org.actorgrad.model.Network;
import org.actorgrad.model.NetworkSpec;
import org.actorgrad.random.SeededRandom;
import org.junit.jupiter.api.Test;

/** {@link Model#predict} keeps an engine per thread: no engine built per call, and threads never share buffers. */
class ModelPredictTest {
  private static final String CNN = "conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax";

  private static Model model() {
    NetworkSpec spec = NetworkSpec.parse(new FeatureShape(1, 28, 28), 10, CNN, "cross-entropy");
    return Model.of(spec, new Network(spec).initialParameters(3));
  }

  private static float[][] images(int count) {
    SeededRandom rng = new SeededRandom(9);
    float[][] images = new float[count][784];
    for (float[] image : images) {
      for (int i = 0; i < image.length; i++) {
        image[i] = rng.nextInt(256) / 255f;
      }
    }
    return images;
  }

  /**
   * One engine per thread, kept: a call after the first uses the engine of the first (an engine
   * for this CNN holds over 150 KB of im2col buffers, once built per call), and another thread
   * has its own. (Allocation per call is not asserted: until C2 compiles the Vector API's tiles
   * they box, which would swamp the figure.)
   */
  @Test
  void eachThreadKeepsOneEngine() throws Exception {
    Model model = model();
    float[] image = images(1)[0];
    model.predict(image);
    GradientEngine mine = model.engineOfThisThread();
    model.predict(image);
    model.predict(image);
    assertSame(mine, model.engineOfThisThread(), "the same engine for every call of this thread");
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      GradientEngine theirs = other.submit(() -> {
        model.predict(image);
        return model.engineOfThisThread();
      }).get(5, TimeUnit.MINUTES);
      assertNotSame(mine, theirs, "another thread has its own");
      assertSame(theirs, other.submit(model::engineOfThisThread).get(5, TimeUnit.MINUTES));
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void threadsPredictingAtOnceGetTheSingleThreadedAnswers() throws Exception {
    Model model = model();
    float[][] images = images(40);
    float[][] expected = new float[images.length][];
    for (int i = 0; i < images.length; i++) {
      expected[i] = model.predict(images[i]).probabilities();
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> answers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t * 7; // each thread walks the images from another start, so calls interleave
        Callable<float[][]> task = () -> {
          float[][] got = new float[images.length][];
          for (int round = 0; round < 3; round++) {
            for (int k = 0; k < images.length; k++) {
              int i = (k + offset) % images.length;
              got[i] = model.predict(images[i]).probabilities();
            }
          }
          return got;
        };
        answers.add(pool.submit(task));
      }
      for (Future<float[][]> answer : answers) {
        float[][] got = answer.get(5, TimeUnit.MINUTES);
        for (int i = 0; i < images.length; i++) {
          assertArrayEquals(expected[i], got[i], "image " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
