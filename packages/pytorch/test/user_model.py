"""Character models as PyTorch users write them, for the end-to-end test: their own module names,
batch_first, trained briefly, saved as a bare state dict (no vocabulary, no config in the
metadata), with the vocabulary in a JSON file beside it and the model's logits and softmax.

    python3 test/user_model.py OUT_DIR TRAIN.txt HELD_OUT.txt [KIND]
    → OUT_DIR/KIND.safetensors, KIND-vocabulary.json,
      KIND-logits.json {"logits": [[V] per symbol], "probabilities": [[V] per symbol]}

KIND "mine" (the default): embed → 2-layer lstm → fc, U+FFFD first in the vocabulary as the CLI's
convention has it. "sorted-embed" (embed → lstm → fc) and "sorted-onehot" (one-hot → gru → fc):
the vocabulary is plain sorted(set(text)), no unknown symbol; a held-out character outside it
reads as zeros (an all-zero one-hot, or a zero embedding), what `recurrent import` makes of it.
"""
import json
import os
import sys

import torch
from torch import nn

from recurrent_torch.files import write_safetensors

UNKNOWN = "\ufffd"


class Mine(nn.Module):
    def __init__(self, vocabulary_size, embedding, hidden, layers, cell, name):
        super().__init__()
        self.vocabulary_size = vocabulary_size
        self.embed = nn.Embedding(vocabulary_size, embedding) if embedding else None
        self.name = name
        self.add_module(name, cell(embedding or vocabulary_size, hidden, num_layers=layers, batch_first=True))
        self.fc = nn.Linear(hidden, vocabulary_size)

    def forward(self, ids):
        # ids of -1: a character outside the vocabulary, zeros in, whichever the input is.
        known = ids >= 0
        safe = ids.clamp(min=0)
        if self.embed is None:
            x = nn.functional.one_hot(safe, self.vocabulary_size).float()
        else:
            x = self.embed(safe)
        out, _ = getattr(self, self.name)(x * known[..., None])
        return self.fc(out)


KINDS = {
    "mine": dict(unknown=True, metadata={"format": "pt"}, model=dict(embedding=5, hidden=12, layers=2, cell=nn.LSTM, name="lstm")),
    "sorted-embed": dict(unknown=False, metadata={}, model=dict(embedding=6, hidden=10, layers=1, cell=nn.LSTM, name="lstm")),
    "sorted-onehot": dict(unknown=False, metadata={}, model=dict(embedding=0, hidden=8, layers=1, cell=nn.GRU, name="gru")),
}


def main():
    out_dir, train_path, held_out_path = sys.argv[1:4]
    kind = sys.argv[4] if len(sys.argv) > 4 else "mine"
    spec = KINDS[kind]
    with open(train_path, encoding="utf-8") as f:
        text = f.read()
    if spec["unknown"]:
        # The convention the CLI's --vocabulary file follows: U+FFFD (unknown) first, then the symbols.
        symbols = [UNKNOWN] + sorted(set(text) - {UNKNOWN})
        unknown_id = 0
    else:
        # What most PyTorch character models use: no unknown symbol at all.
        symbols = sorted(set(text))
        unknown_id = -1
    ids = {s: i for i, s in enumerate(symbols)}
    encode = lambda t: torch.tensor([[ids.get(c, unknown_id) for c in t]])
    torch.manual_seed(5)
    model = Mine(len(symbols), **spec["model"])
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    data = encode(text)[0]
    for step in range(30):
        start = (step * 37) % (len(data) - 33)
        window = data[start:start + 33][None]
        loss = nn.functional.cross_entropy(model(window[:, :-1])[0], window[0, 1:])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    write_safetensors(os.path.join(out_dir, f"{kind}.safetensors"), model.state_dict(), spec["metadata"])
    with open(os.path.join(out_dir, f"{kind}-vocabulary.json"), "w", encoding="utf-8") as f:
        json.dump(symbols, f, ensure_ascii=False)
    with open(held_out_path, encoding="utf-8") as f:
        held_out = f.read()
    model.eval()
    with torch.no_grad():
        logits = model(encode(held_out))[0]
    with open(os.path.join(out_dir, f"{kind}-logits.json"), "w") as f:
        json.dump({"logits": logits.tolist(), "probabilities": torch.softmax(logits, -1).tolist()}, f)


if __name__ == "__main__":
    main()
