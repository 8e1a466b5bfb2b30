class Embedding(nn.Module):
    """Token ids [B, T] -> vectors [B, T, dim]: row i of the table for token i."""

    def __init__(self, vocab, dim):
        super().__init__()
        self.table = nn.Parameter(torch.empty(vocab, dim))
        self.reset_parameters()

    def reset_parameters(self):
        init_(self.table, "normal", std=0.02)

    def forward(self, ids):
        return self.table[ids.long()]


def sinusoid_table(T, D):
    """Fixed sinusoidal table [T, D] (Vaswani et al.), computed in float64 as GateLab does."""
    rows = []
    for t in range(T):
        row = []
        for i in range(D):
            rate = math.pow(10000.0, -(2 * (i // 2)) / D)
            row.append(math.sin(t * rate) if i % 2 == 0 else math.cos(t * rate))
        rows.append(row)
    return torch.tensor(rows, dtype=torch.float32)


class PositionalEmbedding(nn.Module):
    """Adds a vector per position to [B, T, D]: a learned table, or fixed sinusoids."""

    def __init__(self, length, dim, mode="learned"):
        super().__init__()
        self.mode = mode
        if mode == "learned":
            self.table = nn.Parameter(torch.empty(length, dim))
            init_(self.table, "normal", std=0.02)
        else:
            self.register_buffer("table", sinusoid_table(length, dim), persistent=False)

    def forward(self, x):
        T = x.shape[1]
        return x + self.table[:T]
