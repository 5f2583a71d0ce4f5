"""safetensors files of a CharLM, with its config and vocabulary in the metadata.

The layout (huggingface/safetensors): u64 little-endian header size, a JSON header
{name: {dtype, shape, data_offsets}, "__metadata__": {str: str}} padded with spaces to 8 bytes,
then the packed little-endian data. Written here rather than with the `safetensors` package,
which neither Debian nor the registries this project may use provide; the TypeScript reader checks
every field of what this writes.
"""
import json
import os
import struct

import numpy as np
import torch

from .model import CharLM
from .vocabulary import vocabulary_from_metadata

DTYPES = {"F32": (np.float32, torch.float32), "F16": (np.float16, torch.float16), "BF16": (None, torch.bfloat16)}


def write_safetensors(path, tensors, metadata, dtype="F32"):
    """Writes name -> tensor atomically (a temporary file, fsync, rename); no metadata, no __metadata__ key."""
    header, blobs, offset = {"__metadata__": metadata} if metadata else {}, [], 0
    for name, t in tensors.items():
        t = t.detach().cpu().contiguous().to(DTYPES[dtype][1])
        data = t.view(torch.int16).numpy().tobytes() if dtype == "BF16" else t.numpy().astype(np.dtype(DTYPES[dtype][0]).newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


def read_safetensors(path):
    """name -> float32 tensor, and the metadata."""
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        raw = data[8 + size + begin:8 + size + end]
        if entry["dtype"] == "BF16":
            t = torch.frombuffer(bytearray(raw), dtype=torch.int16).view(torch.bfloat16).float()
        else:
            t = torch.from_numpy(np.frombuffer(raw, dtype=np.dtype(DTYPES[entry["dtype"]][0]).newbyteorder("<")).astype(np.float32))
        tensors[name] = t.reshape(entry["shape"])
    return tensors, header.get("__metadata__", {})


def save_char_lm(path, model, vocabulary, dtype="F32", metadata=None):
    """The model's state dict (embedding., rnn., linear.) with config and vocabulary in the metadata."""
    meta = {**(metadata or {}), "format": "pt", "cell": model.config["cell"], "config": json.dumps(model.config), "vocabulary": vocabulary.metadata()}
    write_safetensors(path, model.state_dict(), meta, dtype)


def load_char_lm(path):
    """A CharLM and its vocabulary from a file written by save_char_lm or `recurrent export`."""
    tensors, metadata = read_safetensors(path)
    config = json.loads(metadata["config"])
    vocabulary = vocabulary_from_metadata(metadata["vocabulary"])
    model = CharLM(vocabulary.size, config["cell"], config["hiddenSize"], config.get("numLayers", 1), config.get("embeddingSize", 0))
    model.load_state_dict(tensors)
    return model, vocabulary, metadata
