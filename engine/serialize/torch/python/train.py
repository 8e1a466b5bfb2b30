"""Trains this graph on its dataset, in one process or many (DistributedDataParallel).

    python train.py [--steps N] [--init gatelab|trained|torch] [--out FILE.pt]
    torchrun --nproc_per_node 4 train.py          # one process per GPU (NCCL) or per CPU worker (gloo)
    torchrun --nnodes 2 --node_rank R --master_addr HOST --nproc_per_node 8 train.py

Started by a launcher it reads MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE and
LOCAL_RANK; without one it runs alone. Each step draws a global batch of
training.batchSize examples with GateLab's own seeded generator (the very
batches GateLab trains on), the same on every process, and each process takes
its share; DDP averages the gradients, so all processes keep identical weights. The steps,
phases, learning rate and warm-up are GateLab's own schedule, written into config.json by the
export (config["schedule"]); the optimizer, batch size, seed and gradient clipping come from the
graph's training config (config["training"]).

Each process ends by printing one JSON line: rank, firstLoss (the loss of the
first step), loss (the mean training loss over the last tenth of the steps,
averaged over processes), checksum (sha256 of its weights) and the held-out
testLoss / testAccuracy.
"""
import argparse
import array
import hashlib
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
from torch.nn.parallel import DistributedDataParallel  # noqa: E402
from gatelab_model import Context, accuracy, build_model, load_data, load_weights, read_config, task_loss, LOSS  # noqa: E402


class Rng:
    """GateLab's seeded generator (engine/random.ts: sfc32 with FNV-1a labels), so train.py
    draws the very batches GateLab's trainer draws."""

    M = 0xFFFFFFFF

    def __init__(self, seed):
        s0 = seed & self.M
        self.s0 = s0
        self.a = 0x9E3779B9 ^ s0
        self.b = 0x243F6A88 ^ ((s0 * 0x85EBCA6B) & self.M)
        self.c = 0xB7E15162 ^ ((s0 * 0xC2B2AE35) & self.M)
        self.d = 1
        for _ in range(12):
            self.next()

    def next(self):
        M = self.M
        t = (self.a + self.b + self.d) & M
        self.d = (self.d + 1) & M
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M
        self.c = ((self.c << 21) | (self.c >> 11)) & M
        self.c = (self.c + t) & M
        return t / 4294967296.0

    def int(self, n):
        return int(math.floor(self.next() * n))

    def fork(self, label):
        h = 2166136261
        for ch in "%d:%s" % (self.s0, label):
            h = ((h ^ ord(ch)) * 16777619) & self.M
        return Rng(h)


def phase_at(schedule, step):
    """The schedule's phase of step `step` (0-based); None outside every phase (then all weights train)."""
    return next((p for p in schedule["phases"] if p["start"] <= step < p["end"]), None)


def learning_rate_at(schedule, step):
    """The schedule's learning rate of step `step` (0-based): linear warm-up over warmupSteps, then constant."""
    warm, lr = schedule["warmupSteps"], schedule["learningRate"]
    return lr * (step + 1) / warm if warm > 0 and step < warm else lr


def frozen(phase, node):
    """Whether `node`'s weights stay put during `phase`: not among those it trains, or among those it freezes."""
    return ("train" in phase and node not in phase["train"]) or ("freeze" in phase and node in phase["freeze"])


def has_unused_parameters(model, train, batch):
    """One local forward and backward pass: DDP must be told when some weights get no
    gradient (a node whose output feeds nothing), or it waits for them forever. State a
    node updates while training (running thresholds, controllers) is put back afterwards."""
    saved = {k: v.clone() for k, v in model.named_buffers()}
    model.train()
    feeds = {k: v[:batch] for k, v in train["inputs"].items()}
    target = train["target"][:batch]
    mask = train["mask"][:batch] if train["mask"] is not None else None
    pred, aux = model(feeds, Context(training=True, target=target, target_mask=mask))
    loss = task_loss(pred, target, mask)
    for v in aux.values():
        loss = loss + v
    loss.backward()
    unused = any(p.grad is None for p in model.parameters())
    model.zero_grad(set_to_none=True)
    with torch.no_grad():
        for k, v in model.named_buffers():
            v.copy_(saved[k])
    return unused


def checksum(model):
    """sha256 of every weight (float32, little-endian) in name order."""
    h = hashlib.sha256()
    for name, p in sorted(model.state_dict().items()):
        h.update(name.encode())
        h.update(array.array("f", p.detach().cpu().float().flatten().tolist()).tobytes())
    return h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser(description="Train the exported GateLab graph (DDP under torchrun).")
    ap.add_argument("--steps", type=int, default=None, help="train only the schedule's first N steps (default: all of them)")
    ap.add_argument("--init", choices=["gatelab", "trained", "torch"], default="gatelab",
                    help="start from GateLab's seeded initial weights (default), the trained ones, or torch's own draw")
    ap.add_argument("--out", default=None, help="save the trained weights (state_dict) here; rank 0 writes")
    ap.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    ap.add_argument("--losses", action="store_true", help="also print every step's loss (the JSON line's losses)")
    args = ap.parse_args()

    config = read_config()
    cfg = config["training"]
    schedule = config["schedule"]
    distributed = "WORLD_SIZE" in os.environ and "MASTER_ADDR" in os.environ
    rank = int(os.environ.get("RANK", "0"))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    use_cuda = (args.device or ("cuda" if torch.cuda.is_available() else "cpu")).startswith("cuda")
    device = torch.device("cuda", local_rank) if use_cuda else torch.device("cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    if distributed:
        dist.init_process_group(backend="nccl" if use_cuda else "gloo", init_method="env://", rank=rank, world_size=world)

    torch.manual_seed(cfg["seed"])  # the same draw on every process (--init torch, dropout-like noise)
    model = build_model()
    if args.init == "gatelab":
        load_weights(model, "initial_weights")
    elif args.init == "trained":
        load_weights(model, "weights")
    model.to(device)

    data = load_data()
    train = {
        "inputs": {k: v.to(device) for k, v in data["train"]["inputs"].items()},
        "target": data["train"]["target"].to(device),
        "mask": data["train"]["mask"].to(device) if data["train"]["mask"] is not None else None,
    }
    n = train["target"].shape[0]
    batch = min(cfg["batchSize"], n)
    if batch < world:
        raise SystemExit("the batch (" + str(batch) + ") is smaller than the number of processes (" + str(world) + ")")

    net = model
    if distributed:
        unused = torch.tensor([1.0 if has_unused_parameters(model, train, batch) else 0.0], device=device)
        dist.all_reduce(unused, op=dist.ReduceOp.MAX)
        net = DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None, find_unused_parameters=bool(unused.item()))

    steps = args.steps if args.steps is not None else schedule["total"]
    phases = schedule["phases"]
    opt_cfg = cfg["optimizer"]
    params = list(model.parameters())

    def make_optimizer():
        if opt_cfg["name"] == "sgd":
            return torch.optim.SGD(params, lr=schedule["learningRate"], momentum=opt_cfg.get("momentum", 0.0))
        return torch.optim.Adam(params, lr=schedule["learningRate"], betas=(0.9, 0.999), eps=1e-8)

    opt = make_optimizer()
    decay = opt_cfg.get("weightDecay", 0.01) if opt_cfg["name"] == "adamw" else 0.0
    owner = {}
    for name, p in model.named_parameters():
        owner[p] = name.split(".")[1]  # nodes.<id>.<var>

    # A phase with a task trains only on the training examples of that task (a task stream).
    pools = {}
    for ph in phases:
        task = ph.get("task")
        if task is not None and task not in pools:
            field = train["inputs"].get("task")
            if field is None:
                raise SystemExit("phase task " + str(task) + ": the dataset has no task field")
            ids = field.reshape(n, -1)[:, 0].tolist()
            pools[task] = [i for i in range(n) if ids[i] == task]
            if not pools[task]:
                raise SystemExit("phase task " + str(task) + ": no training examples of that task")

    batch_rng = Rng(cfg["seed"]).fork("batches")
    losses = []
    opt_phase = None
    for step in range(steps):
        phase = phase_at(schedule, step)
        if phase is not None and phase is not opt_phase:
            if opt_phase is not None:
                opt = make_optimizer()  # each phase starts with fresh optimizer state, as in GateLab
            opt_phase = phase
        lr = learning_rate_at(schedule, step)
        for group in opt.param_groups:
            group["lr"] = lr
        pool = pools.get(phase.get("task")) if phase is not None else None
        size = min(cfg["batchSize"], len(pool) if pool is not None else n)
        drawn = [batch_rng.int(len(pool) if pool is not None else n) for _ in range(size)]  # the global batch, the same on every process
        if pool is not None:
            drawn = [pool[i] for i in drawn]
        if size < world:
            raise SystemExit("step " + str(step) + ": a batch of " + str(size) + " cannot be shared by " + str(world) + " processes")
        idx = torch.tensor(drawn[rank::world], dtype=torch.long, device=device)  # this process's share
        feeds = {k: v[idx] for k, v in train["inputs"].items()}
        target = train["target"][idx]
        mask = train["mask"][idx] if train["mask"] is not None else None
        net.train()
        phase_index = phases.index(phase) if phase is not None else None
        pred, aux = net(feeds, Context(training=True, step=step, target=target, target_mask=mask, phase=phase_index))
        loss = task_loss(pred, target, mask)
        for v in aux.values():
            loss = loss + v
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if phase is not None:
            for p in params:
                if frozen(phase, owner[p]):
                    p.grad = None
        if cfg.get("clipNorm"):
            torch.nn.utils.clip_grad_norm_([p for p in params if p.grad is not None], cfg["clipNorm"])
        opt.step()
        if decay > 0:
            with torch.no_grad():
                for p in params:
                    if p.dim() >= 2 and p.grad is not None:
                        p.mul_(1 - lr * decay)  # AdamW: decoupled weight decay on matrices
        reported = loss.detach().clone()
        if distributed:
            dist.all_reduce(reported)
            reported /= world
        losses.append(reported.item())
        if not math.isfinite(losses[-1]):
            break

    if distributed:
        for b in model.buffers():
            dist.broadcast(b, 0)  # state a node updates itself (running thresholds): rank 0's, as DDP does before each forward
    model.eval()
    test = data["test"]
    with torch.no_grad():
        tp, _ = model({k: v.to(device) for k, v in test["inputs"].items()}, Context(training=False))
        tt = test["target"].to(device)
        tm = test["mask"].to(device) if test["mask"] is not None else None
        result = {"rank": rank, "worldSize": world, "steps": len(losses)}
        tail = losses[-max(1, int(round(len(losses) / 10))):]
        result["firstLoss"] = losses[0] if losses else None
        result["loss"] = sum(tail) / len(tail) if tail else None
        result["checksum"] = checksum(model)
        result["testLoss"] = task_loss(tp, tt, tm).item()
        if args.losses:
            result["losses"] = losses
        if LOSS != "mse":
            result["testAccuracy"] = accuracy(tp, tt, tm).item()
    if args.out and rank == 0:
        torch.save(model.state_dict(), args.out)
    print(json.dumps(result), flush=True)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
