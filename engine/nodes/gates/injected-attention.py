class InjectedAttention(nn.Module):
    """ImageBind-LLM's injection as released (Han et al., 2023): y = concat_h(SDPA_h + tanh(g_h) * (a W_v)_h) W_o,
    a = cond + prefix, through the layer's own W_v; g starts at 0, so at first the layer is plain attention."""

    def __init__(self, dim, heads=4, causal="causal", mode="zero-gate", prefix=True):
        super().__init__()
        self.heads = heads
        self.causal = causal
        self.mode = mode
        attention_weights(self, dim)
        self.gate = nn.Parameter(torch.zeros(heads))
        self.prefix = nn.Parameter(init_(torch.empty(dim), "normal", std=0.02)) if prefix else None

    def forward(self, x, cond):
        Y, A = attention_heads(x, self.wq, self.wk, self.wv, self.heads, self.causal)  # (B, H, T, Dh)
        B, T, D = x.shape
        a = cond.reshape(B, 1, D)  # the adapter token
        if self.prefix is not None:
            a = a + self.prefix
        injected = split_heads(linear(a, self.wv), self.heads)  # (B, H, 1, Dh)
        if self.mode != "ungated":
            injected = injected * torch.tanh(self.gate).reshape(self.heads, 1, 1)
        if self.mode == "closed":
            injected = injected * 0.0
        return linear(merge_heads(Y + injected), self.wo)
