class GatedAttention(nn.Module):
    """Attention whose per-head output is multiplied by sigmoid(x @ wg), a gate from
    the query token itself (Qiu et al., 2025): elementwise (one per channel) or
    headwise (one per head), before W_o ("sdpa", the paper's G1) or after ("output", G5)."""

    def __init__(self, dim, heads=4, gate="elementwise", position="sdpa", causal="causal", init="normal"):
        super().__init__()
        self.heads = heads
        self.gate = gate
        self.position = position
        self.causal = causal
        attention_weights(self, dim, init)
        if gate != "none":
            self.wg = nn.Parameter(init_(torch.empty(dim, heads if gate == "headwise" else dim), "normal", std=0.02))

    def forward(self, x):
        B, T, D = x.shape
        H = self.heads
        Y, A = attention_heads(x, self.wq, self.wk, self.wv, H, self.causal)  # (B, H, T, Dh)
        if self.gate == "none":
            return linear(merge_heads(Y), self.wo)
        per = 1 if self.gate == "headwise" else D // H
        G = torch.sigmoid(linear(x, self.wg)).reshape(B, T, H, per)  # (B, T, H, Dh|1)
        if self.position == "output":
            o = linear(merge_heads(Y), self.wo).reshape(B, T, H, D // H)
            return (o * G).reshape(B, T, D)
        return linear(merge_heads(Y * G.transpose(1, 2)), self.wo)
