"""Train a small classifier with torch.distributed (gloo, CPU) on data this script makes itself.

Each replica (rank) trains on its own shard of the same synthetic data set; DistributedDataParallel
averages the gradients, so every rank holds the same model after each step. Each rank prints its loss
per epoch; rank 0 prints the accuracy on a held-out set, summed over every rank with all_reduce.

MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE come from the platform (AIHC, or the local engine), so
the same file runs unchanged on two local processes or on two AIHC nodes.
"""
import argparse
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel


def make_data(n, seed):
    """Points in the square [-1, 1]^2 labelled by the quadrant they fall in (an XOR: not linearly separable)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 2, generator=g) * 2 - 1
    y = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).long()
    return x, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--samples", type=int, default=4096)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()

    start = time.time()
    dist.init_process_group("gloo")  # env://: MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE
    rank, world = dist.get_rank(), dist.get_world_size()
    print(f"rank {rank} of {world}: joined the group in {time.time() - start:.1f} s", flush=True)

    torch.manual_seed(0)  # the same initial weights on every rank
    model = DistributedDataParallel(torch.nn.Sequential(
        torch.nn.Linear(2, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 2)))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()

    x, y = make_data(args.samples, seed=42)
    x, y = x[rank::world], y[rank::world]  # this rank's shard
    shuffle = torch.Generator().manual_seed(1000 + rank)
    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(len(x), generator=shuffle)
        total, batches = 0.0, 0
        for i in range(0, len(x), args.batch):
            idx = order[i:i + args.batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()  # DDP all-reduces the gradients here
            optimizer.step()
            total, batches = total + loss.item(), batches + 1
        print(f"rank {rank} epoch {epoch}/{args.epochs} loss {total / batches:.4f}", flush=True)

    test_x, test_y = make_data(2000, seed=7)
    test_x, test_y = test_x[rank::world], test_y[rank::world]
    with torch.no_grad():
        correct = (model(test_x).argmax(dim=1) == test_y).sum()
    counts = torch.tensor([float(correct), float(len(test_y))])
    dist.all_reduce(counts)  # sum over every rank
    if rank == 0:
        print(f"accuracy {counts[0] / counts[1]:.3f} on {int(counts[1])} held-out points "
              f"(all-reduced over {world} ranks) after {time.time() - start:.1f} s", flush=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
