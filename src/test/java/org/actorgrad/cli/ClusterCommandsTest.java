package org.actorgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.actorgrad.cli.TrainCommandTest.Run;
import org.junit.jupiter.api.Test;

/** {@code trainer coordinator} and {@code trainer worker}: what a user's mistakes give. */
class ClusterCommandsTest {
  @Test
  void bothCommandsHaveHelp() {
    Run coordinator = TrainCommandTest.trainer("coordinator", "--help");
    assertEquals(0, coordinator.code());
    assertTrue(coordinator.out().contains("--min-workers=N"), coordinator.out());
    assertTrue(coordinator.out().contains("--bind=HOST:PORT"), coordinator.out());
    assertTrue(coordinator.out().contains("--wait=DURATION"), coordinator.out());
    Run worker = TrainCommandTest.trainer("worker", "--help");
    assertEquals(0, worker.code());
    assertTrue(worker.out().contains("--join=HOST:PORT"), worker.out());
    assertTrue(worker.out().contains("--join-timeout=DURATION"), worker.out());
  }

  @Test
  void aCoordinatorWithoutAnyWorkerIsRefusedBeforeLoadingData() {
    Run r = TrainCommandTest.trainer("coordinator", "--min-workers", "0", "--data", "/nonexistent");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("no workers: give --min-workers N (remote) or --workers N (local)"), r.err());
  }

  @Test
  void aWaitLimitOfZeroIsRefused() {
    Run r = TrainCommandTest.trainer("coordinator", "--min-workers", "2", "--wait", "0s", "--data", "/nonexistent");
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("error: --wait must be more than 0, found '0s'", r.err().strip());
  }

  @Test
  void aBadAddressIsAOneLineError() {
    Run r = TrainCommandTest.trainer("worker", "--join", "localhost:port");
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals("error: expected HOST:PORT with a numeric port, found 'localhost:port'", r.err().strip());
  }

  @Test
  void aWorkerGivesUpWhenNoCoordinatorComes() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = TrainCommandTest.trainer("worker", "--join", "127.0.0.1:" + port, "--join-timeout", "2s");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("joining the coordinator at 127.0.0.1:" + port), r.out());
    assertTrue(r.err().contains("error: no coordinator at 127.0.0.1:" + port + " within 2s"), r.err());
  }
}
