def swiglu(x, w1, w3, w2):
    a = linear(x, w1)
    return linear(a * torch.sigmoid(a) * linear(x, w3), w2)


def mean_targets(L, start, end):
    """Gate mean targets per layer: linear from start (outermost) to end (innermost), mirrored."""
    half = L // 2
    t = [start if half == 1 else start + (end - start) * i / (half - 1) for i in range(half)]
    return t + t[::-1]


class _SkipBlock(nn.Module):
    """One transformer block: RMSNorm before and after attention and a SwiGLU MLP."""

    def __init__(self, dim):
        super().__init__()
        hidden = int(math.ceil(8 * dim / 3 / 8) * 8)
        for name in ("wq", "wk", "wv", "wo"):
            setattr(self, name, nn.Parameter(init_(torch.empty(dim, dim), "glorot")))
        for name in ("preAttn", "postAttn", "preFfn", "postFfn"):
            setattr(self, name, nn.Parameter(torch.ones(dim)))
        self.w1 = nn.Parameter(init_(torch.empty(dim, hidden), "glorot"))
        self.w3 = nn.Parameter(init_(torch.empty(dim, hidden), "glorot"))
        self.w2 = nn.Parameter(init_(torch.empty(hidden, dim), "glorot"))


class _MaskHead(nn.Module):
    def __init__(self, dim, init):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(dim, 1) if init == "zero" else init_(torch.empty(dim, 1), "normal", std=0.02))
        self.b = nn.Parameter(torch.zeros(1) if init == "zero" else init_(torch.empty(1), "normal", std=0.02))


class MiddleSkipStack(nn.Module):
    """L blocks; before each of the first L/2 a mask head adds s = relu(h w + b) to a running S and
    the gate is g = 1 - clamp(S, 0, 1), mirrored in the second half, so a token can skip the middle.
    g scales both sublayers and enters attention as log g on the keys. A controller adds
    mean(c * mean(g)) + mean(c' * var(g)) to the loss and moves c, c' towards per-layer targets."""

    def __init__(self, dim, layers=4, heads=4, causal="causal", gating="gated", score_mod_axis="key", mask_init="normal",
                 controller="adaptive", controller_rate=0.001, mean_target_start=1.0, mean_target_end=0.5, variance_delta=0.0):
        super().__init__()
        self.layers, self.heads, self.causal, self.gating = layers, heads, causal, gating
        self.score_mod_axis, self.controller, self.controller_rate = score_mod_axis, controller, controller_rate
        self.mean_targets = mean_targets(layers, mean_target_start, mean_target_end)
        self.var_targets = [max(0.0, m * (1 - m) + variance_delta) for m in self.mean_targets]
        for l in range(layers):
            self.add_module("l%d" % l, _SkipBlock(dim))
        if gating == "gated":
            for l in range(layers // 2):
                self.add_module("mask%d" % l, _MaskHead(dim, mask_init))
            # Controller coefficients: state, not weights.
            self.register_buffer("coefMean", torch.zeros(layers))
            self.register_buffer("coefVar", torch.zeros(layers))

    def forward(self, x, ctx):
        B, T, D = x.shape
        L, eps, gated = self.layers, 1e-5, self.gating == "gated"
        h, S, gates = x, None, []
        for l in range(L):
            blk = getattr(self, "l%d" % l)
            g, bias = None, None
            if gated:
                if l < L // 2:
                    m = getattr(self, "mask%d" % l)
                    s = torch.relu(linear(h, m.w, m.b))  # (B, T, 1)
                    S = s if S is None else S + s
                    g = 1 - S.clamp(0, 1)
                else:
                    g = gates[L - 1 - l]
                gates.append(g)
                log_g = torch.log(g.reshape(B, T).clamp(1e-6, 1))
                bias = log_g.reshape(B, 1, 1, T) if self.score_mod_axis == "key" else log_g.reshape(B, 1, T, 1)
            Y, _ = attention_heads(rms_norm(h, blk.preAttn, eps), blk.wq, blk.wk, blk.wv, self.heads, self.causal, bias)
            a = rms_norm(linear(merge_heads(Y), blk.wo), blk.postAttn, eps)
            h = h + (g * a if g is not None else a)
            f = rms_norm(swiglu(rms_norm(h, blk.preFfn, eps), blk.w1, blk.w3, blk.w2), blk.postFfn, eps)
            h = h + (g * f if g is not None else f)
        if not gated:
            return h
        G = torch.stack(gates).reshape(L, B * T)
        mean = G.mean(1)
        var = ((G - mean.unsqueeze(1)) ** 2).mean(1)
        if self.controller != "none":
            ctx.add_loss("gateMoments", (self.coefMean.clone() * mean).mean() + (self.coefVar.clone() * var).mean())
            if ctx.training:
                self.update_controller(mean, var)
        return h

    @torch.no_grad()
    def update_controller(self, mean, var):
        """c <- c + rate * sign(delta) (adaptive) or rate * delta (proportional) where |delta| > 0.01."""
        for c, stat, target in ((self.coefMean, mean, self.mean_targets), (self.coefVar, var, self.var_targets)):
            delta = stat.detach() - torch.tensor(target, device=stat.device)
            move = torch.sign(delta) if self.controller == "adaptive" else delta
            c.copy_((c + self.controller_rate * (delta.abs() > 0.01).float() * move).clamp(-100, 100))
