class ContextGate(nn.Module):
    """h * sigmoid(W_c[task]): each task opens its own subset of units (mode "bias": h + W_c[task])."""

    def __init__(self, dim, tasks=10, spread=2.0, mode="gate"):
        super().__init__()
        self.tasks, self.mode = tasks, mode
        kind = "zeros" if mode == "bias" else "normal"
        self.logits = nn.Parameter(init_(torch.empty(tasks, dim), kind, std=spread))

    def forward(self, h, task):
        if self.mode == "off":
            return h
        rows = F.one_hot(task.long(), self.tasks).float() @ self.logits  # (B, D)
        if self.mode == "bias":
            return h + rows
        return h * torch.sigmoid(rows)


def availability(R, theta):
    """1 - min(1, R / (theta * max R)): all 1 while nothing is relevant yet."""
    return 1 - torch.clamp(R / torch.clamp(R.max() * theta, min=1e-12), max=1.0)


def scale_gradient(x, scale):
    """x in the forward pass, gradient * scale in the backward pass."""
    return x * scale + x.detach() * (1 - scale)


class GuardedDense(nn.Module):
    """A Dense layer whose units' plasticity is guarded: a running relevance r = EMA of
    sum_batch |y * dL/dy| per unit, consolidated into R when the task changes; gradients of the
    rows and columns of relevant units are scaled down by availability 1 - min(1, R / (theta max R)).
    When too little stays plastic, the less relevant half is freed. Use SGD, as in GateLab."""

    def __init__(self, in_features, units=64, guard=True, guard_in=False, guard_out=True, decay=0.9, saturation=0.3, reactivate=0.1):
        super().__init__()
        self.guard, self.guard_in, self.guard_out = guard, guard_in, guard_out
        self.decay, self.saturation, self.reactivate = decay, saturation, reactivate
        self.kernel = nn.Parameter(init_(torch.empty(in_features, units), "glorot"))
        self.bias = nn.Parameter(torch.zeros(units))
        # Running statistics, kept by the node, not trained.
        self.register_buffer("rIn", torch.zeros(in_features))
        self.register_buffer("RIn", torch.zeros(in_features))
        self.register_buffer("rOut", torch.zeros(units))
        self.register_buffer("ROut", torch.zeros(units))
        self.register_buffer("lastTask", torch.tensor(-1.0))

    @torch.no_grad()
    def consolidate(self, r, R, changed):
        """At a task change R <- max(R, r), r <- 0; then, if too little is plastic, free the less relevant half."""
        merged = R + changed * (torch.maximum(R, r) - R)
        n = merged.numel()
        median = torch.kthvalue(merged, (n + 1) // 2).values
        starved = (self.reactivate - availability(merged, self.saturation).mean() > 0).float()
        low = (merged - median <= 0).float()
        R.copy_(merged - starved * low * merged)
        r.mul_(1 - changed)

    def tap(self, y, r):
        """Identity; the backward pass adds sum_batch |y * dL/dy| into r as an EMA."""
        if y.requires_grad:
            saved = y.detach()

            def hook(dy):
                with torch.no_grad():
                    r.mul_(self.decay).add_((1 - self.decay) * (saved * dy).abs().sum(0))

            y.register_hook(hook)
        return y

    def forward(self, x, task):
        if not self.guard:
            return linear(x, self.kernel, self.bias)
        if self.training:
            now = task[:1].float().reshape(())  # a phase trains one task at a time
            changed = ((now - self.lastTask).abs() - 0.5 > 0).float()
            if self.guard_in:
                self.consolidate(self.rIn, self.RIn, changed)
            if self.guard_out:
                self.consolidate(self.rOut, self.ROut, changed)
            self.lastTask.copy_(now)
        a_in = availability(self.RIn, self.saturation) if self.guard_in else torch.ones_like(self.RIn)
        a_out = availability(self.ROut, self.saturation) if self.guard_out else torch.ones_like(self.ROut)
        kernel = scale_gradient(self.kernel, a_in.unsqueeze(1) * a_out.unsqueeze(0))
        bias = scale_gradient(self.bias, a_out)
        x_in = self.tap(x, self.rIn) if self.training and self.guard_in else x
        y = linear(x_in, kernel, bias)
        if self.training and self.guard_out:
            y = self.tap(y, self.rOut)
        return y
