"""A character model as a PyTorch user writes one, for the end-to-end test: their own module names
(embed, lstm, fc), batch_first, trained briefly, saved as a bare state dict (no vocabulary, no
config in the metadata), with the vocabulary in a JSON file beside it and the model's logits.

    python3 test/user_model.py OUT_DIR TRAIN.txt HELD_OUT.txt
    → OUT_DIR/mine.safetensors, mine-vocabulary.json, mine-logits.json {"logits": [[V] per symbol]}
"""
import json
import os
import sys

import torch
from torch import nn

from recurrent_torch.files import write_safetensors

UNKNOWN = "\ufffd"


class Mine(nn.Module):
    def __init__(self, vocabulary_size):
        super().__init__()
        self.embed = nn.Embedding(vocabulary_size, 5)
        self.lstm = nn.LSTM(5, 12, num_layers=2, batch_first=True)
        self.fc = nn.Linear(12, vocabulary_size)

    def forward(self, ids):
        out, _ = self.lstm(self.embed(ids))
        return self.fc(out)


def main():
    out_dir, train_path, held_out_path = sys.argv[1:4]
    with open(train_path, encoding="utf-8") as f:
        text = f.read()
    # The convention the CLI's --vocabulary file follows: U+FFFD (unknown) first, then the symbols.
    symbols = [UNKNOWN] + sorted(set(text) - {UNKNOWN})
    ids = {s: i for i, s in enumerate(symbols)}
    encode = lambda t: torch.tensor([[ids.get(c, 0) for c in t]])
    torch.manual_seed(5)
    model = Mine(len(symbols))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    data = encode(text)[0]
    for step in range(30):
        start = (step * 37) % (len(data) - 33)
        window = data[start:start + 33][None]
        loss = nn.functional.cross_entropy(model(window[:, :-1])[0], window[0, 1:])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    write_safetensors(os.path.join(out_dir, "mine.safetensors"), model.state_dict(), {"format": "pt"})
    with open(os.path.join(out_dir, "mine-vocabulary.json"), "w", encoding="utf-8") as f:
        json.dump(symbols, f, ensure_ascii=False)
    with open(held_out_path, encoding="utf-8") as f:
        held_out = f.read()
    model.eval()
    with torch.no_grad():
        logits = model(encode(held_out))[0]
    with open(os.path.join(out_dir, "mine-logits.json"), "w") as f:
        json.dump({"logits": logits.tolist()}, f)


if __name__ == "__main__":
    main()
