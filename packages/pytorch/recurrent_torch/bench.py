"""The topologies benchmark's workload on PyTorch, for `pnpm bench` to print beside our figures.

    python3 recurrent_torch/bench.py WORKLOAD.json

Only the standard library and torch: the installed `recurrent bench` ships this file alone.
WORKLOAD.json (written by packages/topologies/bench/pytorch.mjs): the corpus path, the window
starts of every step (the same windows every contender trains on), B, T, lr, the cells and sizes,
the warm-up and sample counts, the latency prompt and the thread count. Prints one JSON object:
per cell and size, the median ms of a training step (forward, cross-entropy, backward, Adam
step, loss read back; the batch built outside the timing) and of the greedy latency run (the
prompt fed from zero state, then each argmax character fed back).
"""
import json
import statistics
import sys
import time

import torch

CELLS = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn_tanh": torch.nn.RNN}


def median_ms(run, warmup, samples, prepare=lambda i: None):
    for i in range(warmup):
        run(prepare(i))
    times = []
    for i in range(warmup, warmup + samples):
        data = prepare(i)
        start = time.perf_counter()
        run(data)
        times.append((time.perf_counter() - start) * 1000)
    quartiles = statistics.quantiles(times, n=4) if len(times) > 1 else [times[0]] * 3
    return {"medianMs": statistics.median(times), "halfIqrMs": (quartiles[2] - quartiles[0]) / 2}


def loaded_blas():
    """The BLAS this process has mapped (torch's matrix products run on it), from /proc/self/maps:
    which one PyTorch got decides its speed (the reference BLAS is 10-50x slower than OpenBLAS)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line or "mkl" in line}
    except OSError:
        return "BLAS unknown (no /proc/self/maps)"
    names = [("openblas", "OpenBLAS"), ("mkl", "MKL"), ("/blas/", "the reference BLAS (slow)")]
    found = sorted({label for path in paths for key, label in names if key in path})
    return ", ".join(found) or "BLAS unknown"


def main():
    w = json.load(open(sys.argv[1]))
    torch.set_num_threads(w["threads"])
    with open(w["corpus"], encoding="utf-8") as f:
        text = f.read()
    symbols = sorted(set(text))
    index = {s: i for i, s in enumerate(symbols)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.int64)
    V, B, T = len(symbols), w["B"], w["T"]
    eye = torch.eye(V)
    batches = [torch.stack([ids[s:s + T + 1] for s in starts], dim=1) for starts in w["starts"]]
    prompt = ids[w["promptOffset"]:w["promptOffset"] + w["promptLength"]]
    results = []
    for H in w["sizes"]:
        for cell in w["cells"]:
            torch.manual_seed(0)
            rnn, linear = CELLS[cell](V, H), torch.nn.Linear(H, V)
            optimizer = torch.optim.Adam(list(rnn.parameters()) + list(linear.parameters()), lr=w["lr"])
            losses = []

            def step(batch):
                out, _ = rnn(eye[batch[:-1]])
                loss = torch.nn.functional.cross_entropy(linear(out).reshape(-1, V), batch[1:].reshape(-1))
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())

            train = median_ms(step, w["warmup"], w["samples"], lambda i: batches[i])

            @torch.no_grad()
            def generate(_):
                out, state = rnn(eye[prompt][:, None])
                token = linear(out[-1, 0]).argmax()
                for _ in range(w["generate"] - 1):
                    out, state = rnn(eye[token][None, None], state)
                    token = linear(out[-1, 0]).argmax()

            latency = median_ms(generate, w["latencyWarmup"], w["latencySamples"])
            results.append({"cell": cell, "hiddenSize": H, "train": train, "charsPerSecond": B * T * 1000 / train["medianMs"], "firstLoss": losses[0], "latency": latency})
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": loaded_blas(), "results": results}))


if __name__ == "__main__":
    main()
