"""DDP anchor for the CNN of train_torch_cnn.py: gloo on 127.0.0.1 only, WORLD processes x 1 thread,
per-process batch B (global B*WORLD). Adapted from ../shared/anchors/ddp_gloo.py (the same process
set-up, data split and timing; the model is train_torch_cnn.py's, and --opt adam is added).
usage: OPENBLAS_NUM_THREADS=1 GLOO_SOCKET_IFNAME=lo ddp_cnn.py --batch 64 --epochs 5 [--data mnist|fashion]
       [--opt sgd|adam] [--lr LR] [--port 29512]
Each epoch: a shared seeded permutation of the training set, rank r takes perm[r::WORLD].
Epoch time = rank 0 wall time between barriers (shuffle+train, no eval). Prints one JSON line.
Needs ../shared/anchors on the path (for idx.py): set ANCHORS, or run from the repository."""
import argparse, json, os, sys, time
import torch, torch.nn as nn, torch.distributed as dist, torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel as DDP

ANCHORS = os.environ.get("ANCHORS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "anchors"))
sys.path.insert(0, ANCHORS)
import idx  # noqa: E402

def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))

def worker(rank, a, q):
    sys.path.insert(0, ANCHORS)
    torch.set_num_threads(1); torch.set_num_interop_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{a.port}", rank=rank, world_size=a.world)
    xt, yt, xs, ys = idx.load(idx.FASHION if a.data == "fashion" else idx.MNIST)
    Xtr, Ytr = torch.from_numpy(xt.copy()).reshape(-1, 1, 28, 28), torch.from_numpy(yt.copy())
    N = Xtr.shape[0]
    torch.manual_seed(a.seed)                       # identical init on all ranks (DDP also broadcasts rank 0's)
    model = DDP(cnn())
    lossf = nn.CrossEntropyLoss()
    opt = (torch.optim.Adam(model.parameters(), lr=a.lr) if a.opt == "adam"
           else torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.0))
    g = torch.Generator().manual_seed(a.seed)
    times = []
    for ep in range(a.epochs):
        dist.barrier(); t0 = time.perf_counter()
        perm = torch.randperm(N, generator=g)[rank::a.world]
        X, Y = Xtr[perm], Ytr[perm]
        for i in range(0, X.shape[0], a.batch):
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(X[i:i + a.batch]), Y[i:i + a.batch])
            loss.backward()
            opt.step()
        dist.barrier(); times.append(time.perf_counter() - t0)
    if rank == 0:
        Xte, Yte = torch.from_numpy(xs.copy()).reshape(-1, 1, 28, 28), torch.from_numpy(ys.copy())
        with torch.no_grad():
            acc = sum((model.module(Xte[i:i + 1000]).argmax(1) == Yte[i:i + 1000]).sum().item()
                      for i in range(0, Xte.shape[0], 1000)) / Xte.shape[0]
        q.put(dict(model="cnn32-64-128", backend=dist.get_backend(), world=a.world, batch_per_proc=a.batch,
                   seed=a.seed, data=a.data, opt=a.opt, lr=a.lr,
                   epoch_s=[round(t, 4) for t in times], acc={a.epochs: round(acc, 4)}))
    dist.destroy_process_group()

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=64); p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--world", type=int, default=2); p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lr", type=float, default=0.1); p.add_argument("--port", type=int, default=29512)
    p.add_argument("--data", default="mnist"); p.add_argument("--opt", default="sgd")
    a = p.parse_args()
    ctx = mp.get_context("spawn"); q = ctx.Queue()
    mp.spawn(worker, args=(a, q), nprocs=a.world, join=True)
    print(json.dumps(q.get()))
