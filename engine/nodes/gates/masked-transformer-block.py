class MaskedTransformerBlock(nn.Module):
    """A pre-norm transformer block (attention, ReLU MLP) whose attention ignores masked-out tokens."""

    def __init__(self, dim, heads=2, mlp_ratio=2):
        super().__init__()
        self.heads = heads
        for name in ("wq", "wk", "wv", "wo"):
            setattr(self, name, nn.Parameter(init_(torch.empty(dim, dim), "glorot")))
        self.ln1g, self.ln1b = nn.Parameter(torch.ones(dim)), nn.Parameter(torch.zeros(dim))
        self.ln2g, self.ln2b = nn.Parameter(torch.ones(dim)), nn.Parameter(torch.zeros(dim))
        self.w1 = nn.Parameter(init_(torch.empty(dim, mlp_ratio * dim), "glorot"))
        self.b1 = nn.Parameter(torch.zeros(mlp_ratio * dim))
        self.w2 = nn.Parameter(init_(torch.empty(mlp_ratio * dim, dim), "glorot"))
        self.b2 = nn.Parameter(torch.zeros(dim))

    def forward(self, x, keep):
        B, T, D = x.shape
        bias = ((keep.detach() - 1) * 1e9).reshape(B, 1, 1, T)  # masked keys get -1e9
        Y, _ = attention_heads(layer_norm(x, self.ln1g, self.ln1b, 1e-5), self.wq, self.wk, self.wv, self.heads, "none", bias)
        h = x + linear(merge_heads(Y), self.wo)
        return h + linear(torch.relu(linear(layer_norm(h, self.ln2g, self.ln2b, 1e-5), self.w1, self.b1)), self.w2, self.b2)
