"""The logits a CharLM file gives along a text, as JSON: what the end-to-end test compares.

    python3 -m recurrent_torch.logits MODEL.safetensors TEXT_FILE OUT.json

OUT.json: {"ids": [...], "logits": [[V numbers] per symbol]}: the scores of the symbol after each
symbol of the text, reading it from zero state.
"""
import json
import sys

import torch

from .files import load_char_lm


def main():
    model_path, text_path, out_path = sys.argv[1:4]
    model, vocabulary, _ = load_char_lm(model_path)
    with open(text_path, encoding="utf-8") as f:
        ids = vocabulary.encode(f.read())
    model.eval()
    with torch.no_grad():
        logits, _ = model(torch.tensor(ids, dtype=torch.int64)[:, None])
    with open(out_path, "w") as f:
        json.dump({"ids": ids, "logits": logits[:, 0].tolist()}, f)


if __name__ == "__main__":
    main()
