"""recurrent_torch: the CharLM of @recurrent/topologies in PyTorch, trained with DistributedDataParallel.

The same model (one-hot or nn.Embedding -> nn.RNN/LSTM/GRU -> nn.Linear, PyTorch's weight layout),
the same vocabularies (UTF-8 bytes, or the code points of the training text with U+FFFD first)
and the same safetensors file (config and vocabulary in its metadata) as the TypeScript packages,
so `recurrent import` loads what this trains, and `load_char_lm` loads what `recurrent export` writes.
"""
from .model import CharLM
from .vocabulary import ByteVocabulary, CharVocabulary, vocabulary_from_metadata
from .files import load_char_lm, save_char_lm, read_safetensors, write_safetensors
from .widen import widened_state

__all__ = ["CharLM", "ByteVocabulary", "CharVocabulary", "vocabulary_from_metadata", "load_char_lm", "save_char_lm", "read_safetensors", "write_safetensors", "widened_state"]
