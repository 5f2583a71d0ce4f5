"""For the widening test: each cell narrow (H = 6) and widened (H = 10) on the same random ids.

Prints JSON per cell: the largest logit difference; the gradient a loss gives the new units' head
columns (zero at first, so the new units' own rows get none), and the one their input rows get
after one SGD step has moved those columns: non-zero, the new units learn."""
import json

import torch

from recurrent_torch import CharLM, widened_state

torch.manual_seed(0)
report = {}
for cell in ["lstm", "gru", "rnn_tanh"]:
    narrow, wide = CharLM(20, cell, 6, 1), CharLM(20, cell, 10, 1)
    wide.load_state_dict(widened_state(narrow.state_dict(), wide))
    ids = torch.randint(0, 20, (15, 3))
    with torch.no_grad():
        difference = (narrow(ids)[0] - wide(ids)[0]).abs().max().item()
    def loss_backward():
        wide.zero_grad()
        logits, _ = wide(ids[:-1])
        torch.nn.functional.cross_entropy(logits.reshape(-1, 20), ids[1:].reshape(-1)).backward()
    loss_backward()
    head = wide.linear.weight.grad[:, 6:].norm().item()
    torch.optim.SGD(wide.parameters(), lr=0.1).step()
    loss_backward()
    gates = wide.rnn.weight_hh_l0.shape[0] // 10
    new_rows = torch.cat([wide.rnn.weight_ih_l0.grad[k * 10 + 6:(k + 1) * 10] for k in range(gates)])
    report[cell] = {"difference": difference, "headGradient": head, "newRowsGradient": new_rows.norm().item()}
print(json.dumps(report))
