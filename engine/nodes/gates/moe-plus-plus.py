class MoEPlusPlus(nn.Module):
    """MoE++ (Jin et al., 2025): top-k routing over SwiGLU FFN experts plus zero-computation
    experts (constant a1 x + a2 v, copy x, zero), in that order. Router: W2 tanh(W1 x), plus the
    previous layer's logits through W_map (the gating residual). Returns out and logits."""

    def __init__(self, dim, ffn_experts=4, constant_experts=2, copy_experts=1, zero_experts=1, k=2, hidden=32,
                 tau=0.75, balance=0.01, renormalize_after_zero=True, scale_input_by_k=True, gating_residual=False):
        super().__init__()
        self.kinds = ["ffn"] * ffn_experts + ["constant"] * constant_experts + ["copy"] * copy_experts + ["zero"] * zero_experts
        E, F_, C, H = len(self.kinds), ffn_experts, constant_experts, hidden
        self.k, self.tau, self.balance = k, tau, balance
        self.renormalize_after_zero, self.scale_input_by_k = renormalize_after_zero, scale_input_by_k
        self.copy_experts, self.zero_experts = copy_experts, zero_experts

        def lin(shape, fan_in):  # nn.Linear's default init, U(+-1/sqrt(fan_in)), as in the released router
            return nn.Parameter(init_(torch.empty(*shape), "uniform", limit=1.0 / math.sqrt(fan_in)))

        self.router1 = lin((dim, 8 * E), dim)
        self.router2 = lin((8 * E, E), 8 * E)
        self.gate = lin((F_, dim, H), dim)
        self.up = lin((F_, dim, H), dim)
        self.down = lin((F_, H, dim), H)
        self.residualMap = lin((E, E), E) if gating_residual else None
        if C > 0:
            self.constWeights = lin((C, dim, 2), dim)
            self.constVectors = nn.Parameter(init_(torch.empty(C, 1, dim), "normal", std=1.0))
        self.register_buffer("is_zero", torch.tensor([1.0 if k_ == "zero" else 0.0 for k_ in self.kinds]), persistent=False)
        self.register_buffer("eta", torch.tensor([1.0 if k_ == "ffn" else tau for k_ in self.kinds]), persistent=False)

    def forward(self, x, residual, group, ctx):
        E, D = len(self.kinds), x.shape[-1]
        flat = x.reshape(-1, D)  # (N, D)
        N = flat.shape[0]
        logits = linear(torch.tanh(linear(flat, self.router1)), self.router2)  # (N, E)
        if residual is not None and self.residualMap is not None:
            logits = logits + linear(residual.reshape(-1, E), self.residualMap)
        probs = torch.softmax(logits, -1)
        mask = top_k_mask(logits, self.k)  # (N, E) chosen experts
        weights = probs * mask * (1 - self.is_zero)  # the zero expert's weight is 0
        if self.renormalize_after_zero:
            weights = renormalize(weights)

        xin = flat * self.k if self.scale_input_by_k else flat
        g = torch.matmul(xin.unsqueeze(0), self.gate)  # (F, N, H)
        u = torch.matmul(xin.unsqueeze(0), self.up)
        outs = [torch.matmul(g * torch.sigmoid(g) * u, self.down).transpose(0, 1)]  # (N, F, D) SwiGLU
        if hasattr(self, "constWeights"):
            xc = xin.unsqueeze(0)  # (1, N, D)
            a = torch.softmax(torch.matmul(xc, self.constWeights), -1)  # (C, N, 2)
            outs.append((a[..., :1] * xc + a[..., 1:] * self.constVectors).transpose(0, 1))  # (N, C, D)
        if self.copy_experts > 0:
            outs.append(xin.unsqueeze(1).expand(N, self.copy_experts, D))
        if self.zero_experts > 0:
            outs.append(torch.zeros(N, self.zero_experts, D, device=x.device))
        y = (torch.cat(outs, 1) * weights.unsqueeze(-1)).sum(1)  # (N, D)
        if self.balance > 0:
            ctx.add_loss("balance", self.balance * load_balance_loss(probs, mask, self.eta))
        return {"out": y.reshape(x.shape), "logits": logits.reshape(*x.shape[:-1], E)}
