"""The two vocabularies of @recurrent/topologies, id for id.

ByteVocabulary: the 256 bytes of UTF-8 (any text, no unknown symbol).
CharVocabulary: U+FFFD (the unknown symbol, id 0), then the distinct code points of the training
texts in code-point order (CharVocabulary.fromText); any other character reads as id 0.
"""
import json

UNKNOWN = "\ufffd"


class ByteVocabulary:
    kind = "bytes"
    size = 256

    def encode(self, text):
        return list(text.encode("utf-8"))

    def metadata(self):
        return "bytes"


class CharVocabulary:
    kind = "chars"

    def __init__(self, symbols):
        if not symbols or symbols[0] != UNKNOWN:
            raise ValueError("symbol 0 must be the unknown symbol U+FFFD")
        if len(set(symbols)) != len(symbols) or any(len(s) != 1 for s in symbols):
            raise ValueError("the symbols must be distinct single code points")
        self.symbols = list(symbols)
        self.ids = {s: i for i, s in enumerate(self.symbols)}
        self.size = len(self.symbols)

    @staticmethod
    def from_texts(texts):
        return CharVocabulary([UNKNOWN] + sorted(set("".join(texts)) - {UNKNOWN}))

    def encode(self, text):
        return [self.ids.get(ch, 0) for ch in text]

    def metadata(self):
        return json.dumps(self.symbols, ensure_ascii=False)


def vocabulary_from_metadata(value):
    """The vocabulary a file's metadata names: "bytes", or the JSON array of symbols."""
    if value == "bytes":
        return ByteVocabulary()
    return CharVocabulary(json.loads(value))
