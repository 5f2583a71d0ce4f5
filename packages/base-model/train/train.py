"""Trains the base model: a byte-level LSTM language model, the layout of @recurrent/topologies' CharLM.

    python3 train/train.py --run runs/h384 --hidden 384 --layers 1 --steps 20000

The model is recurrent_torch.CharLM (packages/pytorch), @recurrent/topologies' CharLM exactly:
one-hot bytes (256 symbols) -> nn.LSTM -> nn.Linear(H, 256), its files what `recurrent import` reads.
Batches are B random windows of T + 1 bytes of corpus/out/train.txt (x = the first T, y = the
last T), each from zero state, as CharLM.fit draws them. Adam, a short warm-up, then a cosine
decay of the learning rate to a tenth; the global gradient norm clipped.

Across sessions, `--init-from model/base.safetensors` starts a new run (its own --run folder)
from the shipped weights, the optimizer fresh; give it a --seed no earlier run used, or it draws
the same windows again. RUN/initialised-from.json keeps the starting weights' training record.
Weights of fewer hidden units than --hidden are grown into the wider model (recurrent_torch's
widened_state: the same function at step 0, the new units joining in as they learn).

Resumable: every --checkpoint-every steps the weights, the optimizer, the step and the random
generators are written atomically to RUN/checkpoint.pt, and the run continues from there when the
same command is given again. RUN/log.jsonl records the loss and the held-out bits per byte;
RUN/model.safetensors holds the newest weights (float32) for `export.mjs`.

The exported weights are an exponential moving average of the trained ones (Polyak averaging,
--average-decay, over about the last 1 / (1 - decay) steps): Adam's last iterates jitter around
the minimum they approach, and their average sits nearer it (the averaging of AWD-LSTM's
NT-ASGD, kept as an EMA so it costs one pass over the weights a step). RUN/model-last.safetensors
keeps the last iterate; the log records the held-out bits per byte of both (unless --eval-every 0,
which leaves scoring to export.mjs). At the end of the two
runs of 2026-12-08 (cosine decay to a tenth): seed 12, 1.8701 averaged against 1.8693 last; seed
13 (256-byte windows), 1.8661 against 1.8694.
"""
import argparse
import json
import math
import os
import time

import sys

import numpy as np
import torch

# The CharLM, its vocabularies and files live in packages/pytorch (recurrent_torch); `node
# ../../scripts/pytorch.mjs` puts it on PYTHONPATH, this line finds it when run with plain python3.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "pytorch"))
from recurrent_torch import ByteVocabulary, CharLM, read_safetensors, save_char_lm, widened_state  # noqa: E402

VOCABULARY = 256


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--corpus", default=os.path.join(here, "..", "corpus", "out"))
    p.add_argument("--run", required=True, help="folder of this run's checkpoint, log and weights")
    p.add_argument("--cell", default="lstm", choices=["lstm", "gru"])
    p.add_argument("--hidden", type=int, default=384)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--steps", type=int, default=20000, help="total steps of the schedule")
    p.add_argument("--stop-after-seconds", type=float, default=float("inf"), help="end this invocation (checkpointed) after this long")
    p.add_argument("--checkpoint-every", type=int, default=250)
    p.add_argument("--eval-every", type=int, default=1000, help="score the valid MiB every this many steps and at the end (0: never; export.mjs scores what it ships)")
    p.add_argument("--eval-bytes", type=int, default=1 << 20)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--average-decay", type=float, default=0.999, help="decay of the weights' moving average, the exported weights (0: export the last iterate)")
    p.add_argument("--init-from", help="start a new run from these safetensors weights (e.g. model/base.safetensors, the shipped model) instead of a fresh initialisation: how a later session continues training without this run's checkpoint")
    return p.parse_args()


def learning_rate(step, args):
    warmup = 200
    if step < warmup:
        return args.lr * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, args.steps - warmup))
    return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def bits_per_byte(model, data, chunk=512):
    """Mean cross-entropy of each byte given all before it (state carried), in bits."""
    model.eval()
    total, state = 0.0, None
    with torch.no_grad():
        for start in range(0, len(data) - 1, chunk):
            x = torch.from_numpy(data[start:start + chunk + 1].astype(np.int64))
            if len(x) < 2:
                break
            logits, state = model(x[:-1, None], state)
            total += torch.nn.functional.cross_entropy(logits[:, 0], x[1:], reduction="sum").item()
    model.train()
    return total / (len(data) - 1) / math.log(2)


def write_atomically(path, data):
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


def export(model, args, step, path):
    save_char_lm(path, model, ByteVocabulary(), "F32", {"step": str(step)})


def moving_average(model):
    """A float copy of the weights, to be moved toward each new iterate."""
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


@torch.no_grad()
def update_average(average, model, decay):
    """average <- decay * average + (1 - decay) * weights."""
    for k, v in model.state_dict().items():
        average[k].mul_(decay).add_(v, alpha=1 - decay)


def averaged_model(average, args):
    model = CharLM(VOCABULARY, args.cell, args.hidden, args.layers)
    model.load_state_dict(average)
    return model


def main():
    args = parse()
    torch.set_num_threads(args.threads)
    os.makedirs(args.run, exist_ok=True)
    train = np.fromfile(os.path.join(args.corpus, "train.txt"), dtype=np.uint8)
    valid = np.fromfile(os.path.join(args.corpus, "valid.txt"), dtype=np.uint8)[: args.eval_bytes]
    torch.manual_seed(args.seed)
    model = CharLM(VOCABULARY, args.cell, args.hidden, args.layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    rng = np.random.default_rng(args.seed)
    step = 0
    checkpoint_path = os.path.join(args.run, "checkpoint.pt")
    if args.init_from and not os.path.exists(checkpoint_path):
        tensors, metadata = read_safetensors(args.init_from)
        # Files written before the module prefixes (model/base.safetensors up to step 8000) name the LSTM's tensors bare.
        tensors = {k if k.startswith(("rnn.", "linear.")) else f"rnn.{k}": v.float() for k, v in tensors.items()}
        narrower = tensors["rnn.weight_hh_l0"].shape[1]
        if narrower < args.hidden:
            # Grown, not retrained: the wider model starts computing what the narrow one did (recurrent_torch/widen.py).
            tensors = widened_state(tensors, model)
            print(f"widened {narrower} -> {args.hidden} hidden units", flush=True)
        model.load_state_dict(tensors)
        # The starting weights' own training record, so the exported model tells its whole history.
        write_atomically(os.path.join(args.run, "initialised-from.json"), json.dumps({"file": args.init_from, "training": json.loads(metadata.get("training", "null"))}).encode())
        print(f"initialised from {args.init_from}", flush=True)
    if os.path.exists(checkpoint_path):
        saved = torch.load(checkpoint_path)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        rng.bit_generator.state = saved["rng"]
        torch.set_rng_state(saved["torch_rng"])
        step = saved["step"]
        print(f"resumed at step {step}", flush=True)
    # A checkpoint written before the averaging existed starts its average at the weights it resumes from.
    average = saved["average"] if os.path.exists(checkpoint_path) and "average" in saved else moving_average(model)
    # What the run exports and scores: the average, or the last iterate with --average-decay 0.
    exported = (lambda: averaged_model(average, args)) if args.average_decay else (lambda: model)
    log = open(os.path.join(args.run, "log.jsonl"), "a")
    started, window_loss, window_steps, window_start = time.time(), 0.0, 0, time.time()
    T, B = args.seq, args.batch
    while step < args.steps:
        starts = rng.integers(0, len(train) - T - 1, size=B)
        batch = torch.from_numpy(np.stack([train[s:s + T + 1] for s in starts], axis=1).astype(np.int64))
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, args)
        logits, _ = model(batch[:-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, VOCABULARY), batch[1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()
        if args.average_decay:
            update_average(average, model, args.average_decay)
        step += 1
        window_loss += loss.item()
        window_steps += 1
        if step % 50 == 0:
            elapsed = time.time() - window_start
            record = {"step": step, "loss_bits": window_loss / window_steps / math.log(2), "lr": learning_rate(step, args), "bytes_per_s": round(window_steps * B * T / elapsed)}
            print(json.dumps(record), flush=True)
            log.write(json.dumps(record) + "\n")
            window_loss, window_steps, window_start = 0.0, 0, time.time()
        if args.eval_every and (step % args.eval_every == 0 or step == args.steps):
            record = {"step": step, "valid_bits_per_byte": bits_per_byte(exported(), valid)}
            if args.average_decay:
                record["valid_bits_per_byte_last_iterate"] = bits_per_byte(model, valid)
            print(json.dumps(record), flush=True)
            log.write(json.dumps(record) + "\n")
        if step % args.checkpoint_every == 0 or step == args.steps or time.time() - started > args.stop_after_seconds:
            state = {"model": model.state_dict(), "average": average, "optimizer": optimizer.state_dict(), "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state(), "step": step, "args": vars(args)}
            temporary = f"{checkpoint_path}.{os.getpid()}.tmp"
            torch.save(state, temporary)
            os.replace(temporary, checkpoint_path)
            export(exported(), args, step, os.path.join(args.run, "model.safetensors"))
            export(model, args, step, os.path.join(args.run, "model-last.safetensors"))
            log.flush()
            if time.time() - started > args.stop_after_seconds:
                print(f"stopped at step {step} (checkpointed)", flush=True)
                return


if __name__ == "__main__":
    main()
