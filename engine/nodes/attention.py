class Attention(nn.Module):
    """Multi-head scaled dot-product self-attention with an output projection."""

    def __init__(self, dim, heads=4, causal="causal"):
        super().__init__()
        self.heads = heads
        self.causal = causal
        self.wq = nn.Parameter(torch.empty(dim, dim))
        self.wk = nn.Parameter(torch.empty(dim, dim))
        self.wv = nn.Parameter(torch.empty(dim, dim))
        self.wo = nn.Parameter(torch.empty(dim, dim))
        for w in (self.wq, self.wk, self.wv, self.wo):
            init_(w, "glorot")

    def forward(self, x):
        Y, A = attention_heads(x, self.wq, self.wk, self.wv, self.heads, self.causal)  # (B, H, T, Dh)
        return linear(merge_heads(Y), self.wo)
