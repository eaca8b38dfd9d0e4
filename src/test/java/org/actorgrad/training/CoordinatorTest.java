package org.actorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.actorgrad.testing.SyntheticData;
import org.actorgrad.training.Protocol.Compute;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.DropPartition;
import org.actorgrad.training.Protocol.Gradient;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.Protocol.Setup;
import org.actorgrad.training.Protocol.TakePartition;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The coordinator's step protocol against probe workers: what it sends, what it ignores. */
class CoordinatorTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(5);

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private record Setting(ActorRef<CoordinatorCommand> coordinator, TestProbe<WorkerCommand> a,
      ActorRef<WorkerCommand> aRef, TestProbe<WorkerCommand> b, ActorRef<WorkerCommand> bRef,
      CompletableFuture<TrainingResult> done, int parameterCount) {}

  /** A coordinator with P = 4 partitions and two probe workers, a and b, registered in that order. */
  private static Setting start(Duration stepTimeout) {
    return start(stepTimeout, TrainingListener.NONE);
  }

  private static Setting start(Duration stepTimeout, TrainingListener listener) {
    TrainingPlan plan = TrainingPlan.create(TestRuns.config(2, 4), SyntheticData.of(300, 50, 3));
    CompletableFuture<TrainingResult> done = new CompletableFuture<>();
    var settings = new Coordinator.Settings(0, 2, Worker::create, Props.empty(), stepTimeout, RunObserver.NONE);
    ActorRef<CoordinatorCommand> coordinator =
        kit.spawn(Coordinator.create(TrainingRun.start(plan), settings, listener, done));
    TestProbe<WorkerCommand> a = kit.createTestProbe();
    TestProbe<WorkerCommand> b = kit.createTestProbe();
    ActorRef<WorkerCommand> aRef = kit.spawn(Behaviors.monitor(WorkerCommand.class, a.ref(), Behaviors.ignore()));
    ActorRef<WorkerCommand> bRef = kit.spawn(Behaviors.monitor(WorkerCommand.class, b.ref(), Behaviors.ignore()));
    coordinator.tell(new Register(aRef));
    coordinator.tell(new Register(bRef));
    return new Setting(coordinator, a, aRef, b, bRef, done, plan.network().parameterCount());
  }

  private static Compute expectSetupAndFirstStep(TestProbe<WorkerCommand> probe, int... partitions) {
    probe.expectMessageClass(Setup.class, WAIT);
    for (int p : partitions) {
      assertEquals(p, probe.expectMessageClass(TakePartition.class, WAIT).partition());
    }
    Compute c = probe.expectMessageClass(Compute.class, WAIT);
    assertEquals(0, c.step());
    assertArrayEquals(partitions, c.partitions());
    return c;
  }

  private static void answer(Setting s, Compute c) {
    for (int i = 0; i < c.partitions().length; i++) {
      answerOne(s, c, i);
    }
  }

  private static void answerOne(Setting s, Compute c, int i) {
    float[] grad = new float[s.parameterCount()];
    grad[0] = 1f;
    c.replyTo().tell(new Gradient(c.step(), c.partitions()[i], grad, 2.0, 1, c.positions()[i].length, 0, c.worker()));
  }

  @Test
  void aNormalStepShipsPartitionsOnceAndAdvances() {
    Setting s = start(WAIT);
    Compute ca = expectSetupAndFirstStep(s.a(), 0, 2);
    Compute cb = expectSetupAndFirstStep(s.b(), 1, 3);
    assertEquals(24 / 4, ca.positions()[0].length);
    answer(s, ca);
    s.a().expectNoMessage(Duration.ofMillis(200)); // still waiting for b
    answer(s, cb);
    Compute next = s.a().expectMessageClass(Compute.class, WAIT);
    assertEquals(1, next.step());
    assertNotSame(ca.params(), next.params(), "the new weights go into another array than the one the step read");
    // SGD with momentum on a mean gradient of (4 * 1) / 24 in parameter 0 moved it down.
    assertEquals(ca.params()[0] - 0.05f * (4f / 24f), next.params()[0], 1e-6f);
    assertEquals(1, s.b().expectMessageClass(Compute.class, WAIT).step());
    assertFalse(s.done().isDone());
  }

  @Test
  void aWorkerStoppedMidStepLosesItsPartitionsAndOnlyTheyAreRecomputed() {
    Setting s = start(WAIT);
    Compute ca = expectSetupAndFirstStep(s.a(), 0, 2);
    Compute cb = expectSetupAndFirstStep(s.b(), 1, 3);
    answer(s, ca);
    kit.stop(s.bRef());
    assertEquals(1, s.a().expectMessageClass(TakePartition.class, WAIT).partition());
    assertEquals(3, s.a().expectMessageClass(TakePartition.class, WAIT).partition());
    Compute redo = s.a().expectMessageClass(Compute.class, WAIT);
    assertEquals(0, redo.step());
    assertArrayEquals(new int[] {1, 3}, redo.partitions());
    assertArrayEquals(cb.positions()[0], redo.positions()[0]);
    answer(s, redo);
    Compute next = s.a().expectMessageClass(Compute.class, WAIT);
    assertEquals(1, next.step());
    assertArrayEquals(new int[] {0, 1, 2, 3}, next.partitions());
  }

  @Test
  void aSlowWorkerPastTheTimeoutIsTreatedAsFailed() {
    Setting s = start(Duration.ofMillis(400));
    Compute ca = expectSetupAndFirstStep(s.a(), 0, 2);
    expectSetupAndFirstStep(s.b(), 1, 3);
    answer(s, ca); // b never answers
    assertEquals(1, s.a().expectMessageClass(TakePartition.class, WAIT).partition());
    assertEquals(3, s.a().expectMessageClass(TakePartition.class, WAIT).partition());
    Compute redo = s.a().expectMessageClass(Compute.class, WAIT);
    assertArrayEquals(new int[] {1, 3}, redo.partitions());
    assertEquals(0, redo.step());
  }

  @Test
  void aLateReplyToAnOldStepIsIgnored() {
    Setting s = start(WAIT);
    Compute ca = expectSetupAndFirstStep(s.a(), 0, 2);
    Compute cb = expectSetupAndFirstStep(s.b(), 1, 3);
    answer(s, ca);
    answer(s, cb);
    Compute a1 = s.a().expectMessageClass(Compute.class, WAIT);
    Compute b1 = s.b().expectMessageClass(Compute.class, WAIT);
    answer(s, ca); // step 0 again: late, must change nothing
    answer(s, cb);
    s.a().expectNoMessage(Duration.ofMillis(300));
    s.b().expectNoMessage(Duration.ofMillis(1));
    answer(s, a1);
    answer(s, b1);
    assertEquals(2, s.a().expectMessageClass(Compute.class, WAIT).step());
  }

  @Test
  void aPartitionMovedToANewcomerMidStepIsRecomputedWhenItsOldOwnerDiesUnanswered() {
    Setting s = start(Duration.ofMinutes(5)); // the recomputation must not wait for a timeout
    Compute ca = expectSetupAndFirstStep(s.a(), 0, 2);
    Compute cb = expectSetupAndFirstStep(s.b(), 1, 3);
    TestProbe<WorkerCommand> c = kit.createTestProbe();
    ActorRef<WorkerCommand> cRef = kit.spawn(Behaviors.monitor(WorkerCommand.class, c.ref(), Behaviors.ignore()));
    s.coordinator().tell(new Register(cRef));
    c.expectMessageClass(Setup.class, WAIT);
    assertEquals(2, c.expectMessageClass(TakePartition.class, WAIT).partition(), "the newcomer takes a's last partition");
    assertEquals(2, s.a().expectMessageClass(DropPartition.class, WAIT).partition());
    answer(s, cb);
    answerOne(s, ca, 0); // a answers partition 0 only, then dies before answering 2 (which it was asked for)
    kit.stop(s.aRef());
    assertEquals(0, c.expectMessageClass(TakePartition.class, WAIT).partition(), "a's partition 0 goes to c");
    Compute redo = c.expectMessageClass(Compute.class, WAIT);
    assertEquals(0, redo.step());
    assertArrayEquals(new int[] {2}, redo.partitions(), "partition 2 was moved but still owed by a for step 1");
    assertArrayEquals(ca.positions()[1], redo.positions()[0]);
    answer(s, redo);
    assertArrayEquals(new int[] {1, 3}, s.b().expectMessageClass(Compute.class, WAIT).partitions());
    Compute next = c.expectMessageClass(Compute.class, WAIT);
    assertEquals(1, next.step());
    assertArrayEquals(new int[] {0, 2}, next.partitions());
  }

  /** How a crafted worker spoils partition {@code i} of its Compute. */
  enum Spoiled {
    SHORT_ARRAY, WRONG_COUNT, UNASKED_PARTITION, MORE_CORRECT_THAN_SAMPLES
  }

  @ParameterizedTest
  @EnumSource(Spoiled.class)
  void aMalformedGradientDropsItsSenderAndOnlyItsPartitionsAreRecomputed(Spoiled how) {
    List<String> lost = new CopyOnWriteArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void workerLost(String worker, String reason, int moved) {
        lost.add(worker + ": " + reason + " (" + moved + " moved)");
      }
    };
    Setting s = start(Duration.ofMinutes(5), listener);
    Compute ca = expectSetupAndFirstStep(s.a(), 0, 2);
    Compute cb = expectSetupAndFirstStep(s.b(), 1, 3);
    answer(s, cb);
    int samples = ca.positions()[0].length;
    Gradient bad = switch (how) {
      case SHORT_ARRAY -> new Gradient(0, 0, new float[s.parameterCount() - 1], 2.0, 1, samples, 0, ca.worker());
      case WRONG_COUNT -> new Gradient(0, 0, new float[s.parameterCount()], 2.0, 1, samples + 1, 0, ca.worker());
      case UNASKED_PARTITION -> new Gradient(0, 1, new float[s.parameterCount()], 2.0, 1,
          cb.positions()[0].length, 0, ca.worker());
      case MORE_CORRECT_THAN_SAMPLES -> new Gradient(0, 0, new float[s.parameterCount()], 2.0, samples + 1, samples, 0,
          ca.worker());
    };
    ca.replyTo().tell(bad);
    assertEquals(0, s.b().expectMessageClass(TakePartition.class, WAIT).partition());
    assertEquals(2, s.b().expectMessageClass(TakePartition.class, WAIT).partition());
    Compute redo = s.b().expectMessageClass(Compute.class, WAIT);
    assertEquals(0, redo.step());
    assertArrayEquals(new int[] {0, 2}, redo.partitions());
    assertEquals(1, lost.size(), lost.toString());
    assertTrue(lost.get(0).contains("faulty"), lost.get(0));
    answer(s, ca); // a's well-formed answers now come too late to count: it is no longer a member
    s.b().expectNoMessage(Duration.ofMillis(200));
    answer(s, redo);
    Compute next = s.b().expectMessageClass(Compute.class, WAIT);
    assertEquals(1, next.step());
    assertArrayEquals(new int[] {0, 1, 2, 3}, next.partitions());
    // SGD with momentum on a mean gradient of (4 * 1) / 24 in parameter 0: the spoilt answer
    // neither counted nor changed the divisor.
    assertEquals(ca.params()[0] - 0.05f * (4f / 24f), next.params()[0], 1e-6f);
    assertFalse(s.done().isDone());
  }
}
