package org.actorgrad.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.actorgrad.training.Protocol.CoordinatorCommand;
import org.actorgrad.training.Protocol.Register;
import org.actorgrad.training.Protocol.WorkerCommand;
import org.actorgrad.training.RunTap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A coordinator waiting for --min-workers: it says how many workers are here while it waits
 * (it used to wait in silence for ever), and gives up with one line after --wait.
 */
class WorkerDiscoveryTest {
  // One system per test: the receptionist keeps the workers a test registered.
  private ActorTestKit kit;

  @BeforeEach
  void start() {
    kit = ActorTestKit.create();
  }

  @AfterEach
  void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void saysHowManyWorkersAreHereUntilTheCoordinatorStartsThenStops() throws Exception {
    BlockingQueue<String> notes = new LinkedBlockingQueue<>();
    BlockingQueue<String> gaveUp = new LinkedBlockingQueue<>();
    TestProbe<CoordinatorCommand> coordinator = kit.createTestProbe();
    CompletableFuture<Void> started = new CompletableFuture<>();
    kit.spawn(WorkerDiscovery.create(coordinator.ref(), 2, notes::add, Optional.empty(), RunTap.NONE,
        Duration.ofMillis(50), Optional.empty(), gaveUp::add, started));

    assertEquals("waiting for workers: 0 of 2 here", untilNote(notes, "waiting for workers: ").replaceAll(" after.*", ""));
    ActorRef<WorkerCommand> first = register();
    assertEquals(first, coordinator.expectMessageClass(Register.class).worker());
    untilNote(notes, "waiting for workers: 1 of 2 here after ");
    ActorRef<WorkerCommand> second = register();
    assertEquals(second, coordinator.expectMessageClass(Register.class).worker());
    untilNote(notes, "worker " + second.path().name() + " is here (2 of 2)");
    // Both listed, but the coordinator has not started: it still says so.
    untilNote(notes, "waiting for workers: 2 of 2 here after ");
    started.complete(null);
    // Training starts: the waiting lines stop (a note already queued may still come).
    notes.poll(500, TimeUnit.MILLISECONDS);
    notes.clear();
    assertNull(notes.poll(500, TimeUnit.MILLISECONDS), "no more notes once the workers are here");
    assertTrue(gaveUp.isEmpty(), "no --wait, no giving up: " + gaveUp);
  }

  @Test
  void givesUpAfterTheWaitLimitWithOneLine() throws Exception {
    BlockingQueue<String> notes = new LinkedBlockingQueue<>();
    BlockingQueue<String> gaveUp = new LinkedBlockingQueue<>();
    TestProbe<CoordinatorCommand> coordinator = kit.createTestProbe();
    kit.spawn(WorkerDiscovery.create(coordinator.ref(), 3, notes::add, Optional.empty(), RunTap.NONE,
        Duration.ofMillis(50), Optional.of(Duration.ofMillis(1500)), gaveUp::add, new CompletableFuture<>()));
    register();

    String why = gaveUp.poll(30, TimeUnit.SECONDS);
    assertNotNull(why, "no giving up; notes: " + notes);
    assertEquals("only 1 of 3 workers came within 1.5 s (--wait): start more with 'trainer worker --join "
        + "HOST:PORT', or lower --min-workers", why);
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("waiting for workers: 1 of 3 here after ")
        && n.endsWith(" (--wait 1.5 s)")), "notes: " + notes);
    assertNull(gaveUp.poll(300, TimeUnit.MILLISECONDS), "gives up once");
  }

  /**
   * The hang of the last review: both workers are listed, but one's link dies before it registers,
   * so the coordinator never starts. Discovery used to stop waiting at the listing (cancelling the
   * --wait timer): the coordinator then waited in silence for ever. Now the wait goes on, recounted
   * when the dead worker leaves the listing, and --wait ends it.
   */
  @Test
  void listedWorkersThatNeverRegisterDoNotEndTheWaitOrItsLimit() throws Exception {
    BlockingQueue<String> notes = new LinkedBlockingQueue<>();
    BlockingQueue<String> gaveUp = new LinkedBlockingQueue<>();
    TestProbe<CoordinatorCommand> coordinator = kit.createTestProbe();
    kit.spawn(WorkerDiscovery.create(coordinator.ref(), 2, notes::add, Optional.empty(), RunTap.NONE,
        Duration.ofMillis(50), Optional.of(Duration.ofSeconds(3)), gaveUp::add, new CompletableFuture<>()));
    register();
    ActorRef<WorkerCommand> dying = register();
    untilNote(notes, "waiting for workers: 2 of 2 here after ");
    kit.stop(dying); // the receptionist drops a stopped actor from the listing
    untilNote(notes, "waiting for workers: 1 of 2 here after ");

    String why = gaveUp.poll(30, TimeUnit.SECONDS);
    assertNotNull(why, "no giving up; notes: " + notes);
    assertTrue(why.startsWith("only 1 of 2 workers came within 3 s (--wait)"), why);
  }

  /** A worker as a worker node offers it: registered with the receptionist under the service key. */
  private ActorRef<WorkerCommand> register() {
    ActorRef<WorkerCommand> worker = kit.spawn(Behaviors.ignore());
    kit.system().receptionist().tell(Receptionist.register(WorkerNode.SERVICE, worker));
    return worker;
  }

  private static String untilNote(BlockingQueue<String> notes, String prefix) throws InterruptedException {
    while (true) {
      String note = notes.poll(30, TimeUnit.SECONDS);
      assertNotNull(note, "no note starting with '" + prefix + "'");
      if (note.startsWith(prefix)) {
        return note;
      }
    }
  }
}
