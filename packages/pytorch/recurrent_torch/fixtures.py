"""Writes the PyTorch conformance fixtures (format "rnn-bptt-torch-fixture", version 1) the tests read.

    node scripts/pytorch.mjs -m recurrent_torch.fixtures fixtures/torch

One JSON file a case, everything needed to recompute it stored in the file (see
fixtures/torch/README.md). Seeded: the same PyTorch writes the same files. Beyond the eight
basic cases (RNN tanh, LSTM, GRU; 1-2 layers; zero or random initial state; clipping active or
not) there are cases with `meta.special` set, which only the topologies runner reads:
"bidirectional", "rnn_relu", "dropout_eval" (dropout between layers, module in eval mode),
"packed" (sequences of different lengths through pack_padded_sequence; padding targets -100)
and "embedding" (nn.Embedding inputs: `inputs.ids` instead of `inputs.x`).
"""
import json
import os
import sys

import numpy as np
import torch

CELLS = {"rnn_tanh": (torch.nn.RNN, 1), "rnn_relu": (torch.nn.RNN, 1), "lstm": (torch.nn.LSTM, 4), "gru": (torch.nn.GRU, 3)}
TOLERANCES = {
    "rule": "elementwise |actual - expected| <= abs + rel * |expected|",
    "forward": {"abs": 1e-5, "rel": 1e-4},
    "gradients": {"abs": 1e-4, "rel": 1e-3},
    "gradients_scaled": {"rel_to_tensor_maxabs": 1e-3},
    "optimizer": {"abs": 1e-6, "rel": 1e-5},
}
ADAM = {"lr": 2e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}
ADAGRAD = {"lr": 0.1, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10}

# name, cell, layers, input, hidden, batch, steps, classes, seed, initial state, max_norm, special
CASES = [
    ("rnn_tanh_L1_I5_H8_B1_T1", "rnn_tanh", 1, 5, 8, 1, 1, 4, 1001, "zero", 5.0, None),
    ("rnn_tanh_L2_I16_H32_B3_T7", "rnn_tanh", 2, 16, 32, 3, 7, 6, 1002, "random", 0.25, None),
    ("lstm_L1_I5_H8_B3_T7", "lstm", 1, 5, 8, 3, 7, 4, 1003, "zero", 0.1, None),
    ("lstm_L2_I5_H8_B3_T7", "lstm", 2, 5, 8, 3, 7, 5, 1004, "random", 0.5, None),
    ("lstm_L1_I16_H32_B1_T7", "lstm", 1, 16, 32, 1, 7, 4, 1005, "random", 0.25, None),
    ("gru_L1_I5_H8_B1_T7", "gru", 1, 5, 8, 1, 7, 4, 1006, "random", 1.0, None),
    ("gru_L2_I5_H8_B3_T7", "gru", 2, 5, 8, 3, 7, 4, 1007, "zero", 0.1, None),
    ("gru_L1_I16_H32_B3_T1", "gru", 1, 16, 32, 3, 1, 6, 1008, "zero", 2.0, None),
    ("lstm_bidirectional_L2_I5_H8_B3_T6", "lstm", 2, 5, 8, 3, 6, 5, 1009, "random", 0.5, "bidirectional"),
    ("gru_bidirectional_L1_I4_H6_B2_T5", "gru", 1, 4, 6, 2, 5, 4, 1010, "zero", 1.0, "bidirectional"),
    ("rnn_relu_L2_I5_H8_B3_T7", "rnn_relu", 2, 5, 8, 3, 7, 4, 1011, "random", 1.0, "rnn_relu"),
    ("gru_dropout_eval_L2_I5_H8_B3_T7", "gru", 2, 5, 8, 3, 7, 4, 1012, "random", 1.0, "dropout_eval"),
    ("lstm_packed_L2_I5_H8_B4_T6", "lstm", 2, 5, 8, 4, 6, 5, 1013, "random", 1.0, "packed"),
    ("gru_packed_bidirectional_L1_I4_H6_B3_T5", "gru", 1, 4, 6, 3, 5, 4, 1014, "zero", 1.0, "packed"),
    ("lstm_embedding_L1_E6_H8_B3_T7", "lstm", 1, 6, 8, 3, 7, 9, 1015, "zero", 0.5, "embedding"),
]


def tensor(t):
    """{shape, data}: flat row-major float32 values, each the shortest decimal that round-trips."""
    a = t.detach().cpu().contiguous()
    if a.dtype in (torch.int64, torch.int32):
        return {"shape": list(a.shape), "data": [int(v) for v in a.reshape(-1).tolist()]}
    values = a.to(torch.float32).numpy().reshape(-1)
    return {"shape": list(a.shape), "data": [float(repr(np.float32(v))) for v in values]}


def case(name, cell, layers, inputs, hidden, batch, steps, classes, seed, initial, max_norm, special):
    torch.manual_seed(seed)
    module_type, gates = CELLS[cell]
    bidirectional = special == "bidirectional" or name.startswith("gru_packed_bidirectional")
    directions = 2 if bidirectional else 1
    extra = {"nonlinearity": "relu" if cell == "rnn_relu" else "tanh"} if module_type is torch.nn.RNN else {}
    dropout = 0.3 if special == "dropout_eval" else 0.0
    rnn = module_type(inputs, hidden, layers, bidirectional=bidirectional, dropout=dropout, **extra)
    linear = torch.nn.Linear(directions * hidden, classes)
    embedding = torch.nn.Embedding(classes, inputs) if special == "embedding" else None
    if special == "dropout_eval":
        rnn.eval()  # dropout is a training-time mask: in eval the module must equal one without it

    ids = torch.randint(0, classes, (steps, batch)) if embedding is not None else None
    x = (embedding(ids) if embedding is not None else torch.randn(steps, batch, inputs))
    if embedding is None:
        x.requires_grad_(True)
    else:
        x.retain_grad()
    state_shape = (layers * directions, batch, hidden)
    h0 = (torch.randn(state_shape) * 0.5 if initial == "random" else torch.zeros(state_shape)).requires_grad_(True)
    c0 = (torch.randn(state_shape) * 0.5 if initial == "random" else torch.zeros(state_shape)).requires_grad_(True) if cell == "lstm" else None
    targets = torch.randint(0, classes, (steps, batch))
    lengths = None
    if special == "packed":
        # Lengths from the longest down (pack_padded_sequence's enforce_sorted), the longest = T.
        lengths = torch.tensor(sorted([steps] + [int(v) for v in torch.randint(1, steps + 1, (batch - 1,))], reverse=True))
        for b in range(batch):
            targets[lengths[b]:, b] = -100

    state = (h0, c0) if cell == "lstm" else h0
    if lengths is not None:
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths)
        out_packed, final = rnn(packed, state)
        output, _ = torch.nn.utils.rnn.pad_packed_sequence(out_packed, total_length=steps)
    else:
        output, final = rnn(x, state)
    h_n, c_n = final if cell == "lstm" else (final, None)
    logits = linear(output.reshape(steps * batch, directions * hidden))
    loss = torch.nn.functional.cross_entropy(logits, targets.reshape(-1), ignore_index=-100)
    output.retain_grad()
    loss.backward()

    parameters = {n: p for n, p in rnn.named_parameters()}
    parameters.update({f"linear.{n}": p for n, p in linear.named_parameters()})
    if embedding is not None:
        parameters = {"embedding.weight": embedding.weight, **parameters}
    grads = {n: p.grad for n, p in parameters.items()}
    if embedding is None:
        grads["x"] = x.grad
    grads["h0"] = h0.grad
    if c0 is not None:
        grads["c0"] = c0.grad

    # Clipping and the optimizers on the stored gradients (as the format's README defines them).
    order = list(parameters)
    stored = {n: grads[n].clone() for n in order}
    total = torch.norm(torch.stack([torch.norm(stored[n]) for n in order]))
    coef = max_norm / (float(total) + 1e-6)
    clipped = {n: g * min(coef, 1.0) for n, g in stored.items()}
    start = parameters["linear.weight"].detach().clone()

    def run(optimizer_type, hyper, gradients):
        p = start.clone().requires_grad_(True)
        options = {k: v for k, v in hyper.items()}
        if optimizer_type is torch.optim.Adam:
            options["betas"] = tuple(options["betas"])
        optimizer = optimizer_type([p], **options)
        after = []
        for g in gradients:
            p.grad = g.clone()
            optimizer.step()
            after.append(p.detach().clone())
        return after

    g = clipped["linear.weight"]
    generator = torch.Generator().manual_seed(seed + 7)
    varying = [g, torch.randn(g.shape, generator=generator) * 0.1, torch.randn(g.shape, generator=generator) * 0.01]

    meta = {
        "cell": cell, "input_size": inputs, "hidden_size": hidden, "num_layers": layers, "batch": batch, "seq_len": steps,
        "num_classes": classes, "seed": seed, "bias": True, "batch_first": False, "bidirectional": bidirectional,
        "dropout": dropout, "gates_per_layer": gates, "initial_state": initial,
        "initial_state_description": "h0 (and c0) ~ 0.5 * N(0, 1)" if initial == "random" else "h0 = c0 = 0",
        "special": special, "dtype": "float32", "torch_version": torch.__version__, "device": "cpu, torch.set_num_threads(1)",
        "generated_by": "packages/pytorch/recurrent_torch/fixtures.py",
        "init": "torch.manual_seed(seed); the module, then nn.Linear(directions * H, V) (then nn.Embedding(V, I) for 'embedding'), PyTorch's default init; x ~ N(0, 1) or ids ~ U{0..V-1}; targets ~ U{0..V-1}.",
    }
    if lengths is not None:
        meta["lengths"] = [int(v) for v in lengths]
        meta["packed_note"] = "sequence b is real for t < lengths[b] (pack_padded_sequence); outputs there are zero (pad_packed_sequence), h_n / c_n are each sequence's state after its last real step, padding targets are -100 and the mean loss is over real targets only"
    if special == "dropout_eval":
        meta["dropout_note"] = "the module has dropout 0.3 between layers and is in eval mode: no dropout is applied"
    fixture = {
        "format": "rnn-bptt-torch-fixture", "format_version": 1, "name": name, "meta": meta, "tolerances": TOLERANCES,
        "parameters": {n: tensor(p) for n, p in parameters.items()},
        "inputs": {**({"ids": tensor(ids)} if ids is not None else {}), "x": tensor(x), "h0": tensor(h0), **({"c0": tensor(c0)} if c0 is not None else {}), "targets": tensor(targets)},
        "outputs": {"output": tensor(output), "h_n": tensor(h_n), **({"c_n": tensor(c_n)} if c_n is not None else {})},
        "loss": {"value": float(repr(np.float32(loss.item()))), "reduction": "mean", "logits": tensor(logits.reshape(steps, batch, classes))},
        "grads": {n: tensor(t) for n, t in grads.items()},
        "optim": {
            "clip": {"definition": "torch.nn.utils.clip_grad_norm_(parameters, max_norm), norm type 2", "param_order": order, "max_norm": max_norm,
                     "total_norm": float(repr(np.float32(float(total)))), "clip_coef": coef, "factor_applied": min(coef, 1.0),
                     "clipping_active": coef < 1.0, "clipped_grads": {n: tensor(t) for n, t in clipped.items()}},
            "adam": {"hyperparameters": ADAM, "target": "linear.weight", "param_after_step": [tensor(t) for t in run(torch.optim.Adam, ADAM, [g, g, g])]},
            "adagrad": {"hyperparameters": ADAGRAD, "target": "linear.weight", "param_after_step": [tensor(t) for t in run(torch.optim.Adagrad, ADAGRAD, [g, g, g])]},
            "varying_grads": {"target": "linear.weight", "grads": [tensor(t) for t in varying],
                              "adam_param_after_step3": tensor(run(torch.optim.Adam, ADAM, varying)[-1]),
                              "adagrad_param_after_step3": tensor(run(torch.optim.Adagrad, ADAGRAD, varying)[-1])},
        },
    }
    return fixture


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "fixtures/torch"
    os.makedirs(folder, exist_ok=True)
    torch.set_num_threads(1)
    for number, spec in enumerate(CASES, start=1):
        fixture = case(*spec)
        path = os.path.join(folder, f"{number:02d}_{spec[0]}.json")
        temporary = f"{path}.tmp"
        with open(temporary, "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
            f.write("\n")
        os.replace(temporary, path)
        print(f"{path}: loss {fixture['loss']['value']:.5f}, total norm {fixture['optim']['clip']['total_norm']:.5f}")


if __name__ == "__main__":
    main()
