"""OpenBLAS side of bench/kernel.sh: the three products of the default network's first dense layer
(784 -> 128) timed by this thread's CPU time, printed in CpuTimeRun's line format so the two can be
matched line by line.  usage: OPENBLAS_NUM_THREADS=1 python3 bench/blas_anchor.py

  forwardGemm     Z (B,128) = X (B,784) . W^T         W (128,784) row-major, as actorgrad stores it
  weightGradGemm  dW (128,784) = dZ^T . X
  inputGradGemm   dX (B,784) = dZ . W
  backwardGemm    dW and dX together (CpuTimeRun's line of the same name)

numpy hands the transposed views to sgemm as transpose flags (no copy); each timing is the median
of 9 rounds after 3 warm-up rounds, a round being enough calls for >= 20 ms of CPU time."""
import sys, time
import numpy as np

IN, OUT = 784, 128


def cpu_us(f):
    reps = 1
    while True:
        t0 = time.thread_time_ns()
        for _ in range(reps):
            f()
        if time.thread_time_ns() - t0 >= 20_000_000:
            break
        reps *= 2
    rounds = []
    for r in range(12):
        t0 = time.thread_time_ns()
        for _ in range(reps):
            f()
        if r >= 3:
            rounds.append((time.thread_time_ns() - t0) / reps / 1e3)
    rounds.sort()
    return rounds[len(rounds) // 2]


def main():
    rng = np.random.default_rng(2024)
    print("# kernel path: OpenBLAS via numpy %s, threads %s" % (np.__version__, __import__("os").environ.get("OPENBLAS_NUM_THREADS")))
    for batch in (32, 64):
        x = rng.random((batch, IN), dtype=np.float32)
        w = (rng.standard_normal((OUT, IN), dtype=np.float32) * 0.05).astype(np.float32)
        dz = (rng.standard_normal((batch, OUT), dtype=np.float32) * 0.01).astype(np.float32)
        z = np.empty((batch, OUT), np.float32)
        dw = np.empty((OUT, IN), np.float32)
        dx = np.empty((batch, IN), np.float32)
        fwd = lambda: np.matmul(x, w.T, out=z)
        wgrad = lambda: np.matmul(dz.T, x, out=dw)
        xgrad = lambda: np.matmul(dz, w, out=dx)

        def both():
            wgrad()
            xgrad()
        flops = 2.0 * batch * IN * OUT
        for name, f, fl, note in (("forwardGemm", fwd, flops, ""), ("backwardGemm", both, 2 * flops, " (dW and dx)"),
                                  ("weightGradGemm", wgrad, flops, " (dW)"), ("inputGradGemm", xgrad, flops, " (dx)")):
            us = cpu_us(f)
            print("%-14s batch %3d  %9.1f us/op (cpu)  %6.1f GFLOP/s%s" % (name, batch, us, fl / us / 1e3, note))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
