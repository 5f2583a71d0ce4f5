"""Trains a CharLM on text files with DistributedDataParallel: one process per CPU core or GPU.

    python3 -m torch.distributed.run --standalone --nproc_per_node 2 -m recurrent_torch.train \\
        --out model.safetensors --cell lstm --hidden 256 --steps 2000 corpus/*.txt

Each process draws its own B random windows of T + 1 symbols (x = the first T, y = the last T,
from zero state, as CharLM.fit draws them), DDP averages the gradients across processes
(all-reduce: gloo on CPU, nccl on GPU), every process takes the same Adam step, and process 0
writes the safetensors file (atomically, every --checkpoint-every steps and at the end) that
`recurrent import` reads. Run alone (plain `python3 -m recurrent_torch.train`) it is one process.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.distributed as dist

from .corpus import read_texts
from .files import save_char_lm
from .model import CharLM
from .vocabulary import ByteVocabulary, CharVocabulary


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", help="UTF-8 text files, joined by newlines")
    p.add_argument("--out", required=True, help="the safetensors file to write")
    p.add_argument("--vocabulary", choices=["chars", "bytes"], default="chars")
    p.add_argument("--cell", choices=["lstm", "gru", "rnn_tanh", "rnn_relu"], default="lstm")
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--embedding", type=int, default=0, help="nn.Embedding width (0: one-hot inputs)")
    p.add_argument("--batch", type=int, default=32, help="sequences per step per process")
    p.add_argument("--seq", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--checkpoint-every", type=int, default=0, help="also write --out every n steps (0: only at the end)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--dtype", choices=["F32", "F16", "BF16"], default="F32", help="stored precision of the weights")
    return p.parse_args()


def main():
    args = parse()
    distributed = "WORLD_SIZE" in os.environ
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    rank, world = (dist.get_rank(), dist.get_world_size()) if distributed else (0, 1)
    device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if torch.cuda.is_available() else "cpu")

    texts = read_texts(args.files)
    vocabulary = ByteVocabulary() if args.vocabulary == "bytes" else CharVocabulary.from_texts(texts)
    ids = np.array(vocabulary.encode("\n".join(texts)), dtype=np.int64)
    if len(ids) < args.seq + 2:
        raise SystemExit(f"{len(ids)} symbols are too few for --seq {args.seq}")

    torch.manual_seed(args.seed)  # the same initial weights in every process
    model = CharLM(vocabulary.size, args.cell, args.hidden, args.layers, args.embedding).to(device)
    trained = torch.nn.parallel.DistributedDataParallel(model) if distributed else model
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    rng = np.random.default_rng(args.seed * 1000 + rank)  # each process its own windows
    metadata = lambda step: {"training": json.dumps({"step": step, "processes": world, "batchPerProcess": args.batch, "seq": args.seq, "lr": args.lr, "seed": args.seed, "backend": dist.get_backend() if distributed else "none"})}
    started = time.time()
    for step in range(1, args.steps + 1):
        starts = rng.integers(0, len(ids) - args.seq - 1, size=args.batch)
        batch = torch.from_numpy(np.stack([ids[s:s + args.seq + 1] for s in starts], axis=1)).to(device)
        logits, _ = trained(batch[:-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, vocabulary.size), batch[1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()  # DDP all-reduces (averages) the gradients here
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()
        if rank == 0 and (step % 50 == 0 or step == args.steps):
            print(json.dumps({"step": step, "loss_bits": loss.item() / math.log(2), "processes": world, "seconds": round(time.time() - started, 1)}), flush=True)
        if rank == 0 and args.checkpoint_every and step % args.checkpoint_every == 0:
            save_char_lm(args.out, model, vocabulary, args.dtype, metadata(step))
    if rank == 0:
        save_char_lm(args.out, model, vocabulary, args.dtype, metadata(args.steps))
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
