class ZeroGatedInjection(nn.Module):
    """ImageBind-LLM's zero-initialised gate (Han et al., 2023): out = attn + tanh(g_h) * ((cond + prefix) W_v)_h
    per head, broadcast over positions; g starts at 0, so at first nothing is injected."""

    def __init__(self, dim, cond_dim, heads=4, mode="zero-gate", prefix=True):
        super().__init__()
        self.heads = heads
        self.mode = mode
        self.gate = nn.Parameter(torch.zeros(heads))
        self.wv = nn.Parameter(init_(torch.empty(cond_dim, dim), "glorot"))
        if prefix:
            self.prefix = nn.Parameter(init_(torch.empty(cond_dim), "normal", std=0.02))
        else:
            self.prefix = None

    def forward(self, attn, cond):
        B = cond.shape[0]
        a = cond.reshape(B, 1, cond.shape[-1])  # (B, 1, Dc): the adapter token
        if self.prefix is not None:
            a = a + self.prefix
        proj = linear(a, self.wv)  # (B, 1, D)
        if self.mode == "ungated":
            return attn + proj
        D = proj.shape[-1]
        injected = (proj.reshape(B, 1, self.heads, D // self.heads) * torch.tanh(self.gate).reshape(self.heads, 1)).reshape(B, 1, D)
        if self.mode == "closed":
            injected = injected * 0.0
        return attn + injected
