"""A trained one-layer CharLM's weights placed inside a wider one, so it computes the same function.

Training a wider model from scratch throws away what the narrow one learnt; growing it (Net2Net's
idea, Chen et al. 2016) keeps it. With H old units and H' > H units, gate block k of PyTorch's
layout (i, f, g, o for the LSTM; r, z, n for the GRU; one block for the RNN) holds rows
[k·H', k·H' + H) for the old units and [k·H' + H, (k + 1)·H') for the new ones:

    W_ih[old rows]            = the old W_ih               (the new rows keep their fresh init)
    W_hh[old rows, old cols]  = the old W_hh
    W_hh[old rows, new cols]  = 0                          old units do not read the new ones
    b[old rows]               = the old biases
    linear.weight[:, new cols] = 0                         the output does not read them either

so the old units' states, and the logits, are the narrow model's exactly, while the new units
run from their random init and join in as the head's zero columns move away from zero.
"""
import torch


def widened_state(narrow, wide):
    """The state dict of `wide` (a fresh CharLM, one layer, no embedding) with `narrow` (a state
    dict of a narrower CharLM of the same cell and vocabulary) inside it, as the module docstring lays out."""
    if wide.rnn.num_layers != 1 or wide.config["embeddingSize"] != 0:
        raise ValueError("widened_state: only a one-layer CharLM without an embedding can be widened")
    target = {k: v.detach().clone() for k, v in wide.state_dict().items()}
    missing = sorted(set(target) - set(narrow))
    if missing:
        raise ValueError(f"widened_state: the narrow weights lack {', '.join(missing)}")
    new, (rows, old) = wide.rnn.hidden_size, narrow["rnn.weight_hh_l0"].shape
    gates = target["rnn.weight_hh_l0"].shape[0] // new
    if rows != gates * old or old > new or narrow["linear.weight"].shape[0] != target["linear.weight"].shape[0]:
        raise ValueError(f"widened_state: a W_hh of {rows} x {old} and {narrow['linear.weight'].shape[0]} outputs do not fit this model ({gates} gate blocks, {new} units, {target['linear.weight'].shape[0]} outputs)")
    # Seen as [gates, units, …], a gate block's old units are [:, :old]; slice assignment casts the dtype.
    blocks = lambda t, units: t.view(gates, units, *t.shape[1:])  # noqa: E731
    for name in ("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0"):
        into, source = blocks(target[name], new), blocks(narrow[name], old)
        if name == "rnn.weight_hh_l0":
            into[:, :old, :old] = source
            into[:, :old, old:] = 0
        else:
            into[:, :old] = source
    target["linear.weight"][:, :old] = narrow["linear.weight"]
    target["linear.weight"][:, old:] = 0
    target["linear.bias"][:] = narrow["linear.bias"]
    return target
