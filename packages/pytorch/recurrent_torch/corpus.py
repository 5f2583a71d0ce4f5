"""Reading training text as the `recurrent` CLI reads it (apps/cli/src/input.ts), so the same files
give the same symbols on both sides: UTF-8 only, a leading byte order mark dropped (the CLI's
TextDecoder drops one, so a BOM never becomes a symbol of the vocabulary), and a file with NUL
bytes refused as binary rather than learnt from.

No torch here: `python3 recurrent_torch/corpus.py FILE…` prints the texts as JSON (a test runs it
on machines without PyTorch).
"""
import json
import sys


def read_text(path):
    """The text of one file; SystemExit with the CLI's reason when it is not usable text."""
    with open(path, "rb") as f:
        raw = f.read()
    if not raw:
        raise SystemExit(f"{path} is empty; there is nothing to learn from it")
    if b"\0" in raw:
        raise SystemExit(f"{path} looks binary (it contains NUL bytes); pass text files only")
    try:
        # utf-8-sig drops one leading U+FEFF, as the WHATWG decoder does, and keeps any other.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SystemExit(f"{path} is not UTF-8 ({error})")


def read_texts(files):
    return [read_text(path) for path in files]


if __name__ == "__main__":
    print(json.dumps(read_texts(sys.argv[1:])))
