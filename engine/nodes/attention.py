class Attention(nn.Module):
    """Multi-head scaled dot-product self-attention with an output projection."""

    def __init__(self, dim, heads=4, causal="causal"):
        super().__init__()
        self.heads = heads
        self.causal = causal
        attention_weights(self, dim)

    def forward(self, x):
        Y, A = attention_heads(x, self.wq, self.wk, self.wv, self.heads, self.causal)  # (B, H, T, Dh)
        return linear(merge_heads(Y), self.wo)
