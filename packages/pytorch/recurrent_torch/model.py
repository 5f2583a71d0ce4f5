"""CharLM: symbols -> (one-hot | nn.Embedding) -> nn.RNN / nn.LSTM / nn.GRU -> nn.Linear -> logits.

Module names are the state dict's prefixes: `embedding.weight`, `rnn.weight_ih_l0`, ...,
`linear.weight`, `linear.bias`, exactly what `recurrent export --format safetensors` writes.
"""
import torch

CELLS = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn_tanh": torch.nn.RNN, "rnn_relu": torch.nn.RNN}


class CharLM(torch.nn.Module):
    def __init__(self, vocabulary_size, cell="lstm", hidden_size=128, num_layers=1, embedding_size=0, dropout=0.0):
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        self.config = {"cell": cell, "hiddenSize": hidden_size, "numLayers": num_layers, "embeddingSize": embedding_size}
        self.vocabulary_size = vocabulary_size
        if embedding_size > 0:
            self.embedding = torch.nn.Embedding(vocabulary_size, embedding_size)
        extra = {"nonlinearity": "relu" if cell == "rnn_relu" else "tanh"} if cell.startswith("rnn_") else {}
        self.rnn = CELLS[cell](embedding_size or vocabulary_size, hidden_size, num_layers, dropout=dropout, **extra)
        self.linear = torch.nn.Linear(hidden_size, vocabulary_size)

    def forward(self, ids, state=None):
        """ids [T, B] (time-major, as nn.LSTM's default) -> logits [T, B, V] and the final state."""
        if self.config["embeddingSize"] > 0:
            x = self.embedding(ids)
        else:
            x = torch.nn.functional.one_hot(ids, self.vocabulary_size).to(self.linear.weight.dtype)
        out, state = self.rnn(x, state)
        return self.linear(out), state
