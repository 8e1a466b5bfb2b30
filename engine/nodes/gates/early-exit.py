def exit_blocks(blocks, every):
    """Blocks after which a head sits: every every-th block, and always the last."""
    return list(range(every, blocks, every)) + [blocks]


def confidence_features(logits):
    """[p_max, H(p), p_max - p_2nd, H(p^2 / sum p^2)] of a softmax row: [B, C] -> [B, 4]."""
    p = torch.softmax(logits, -1)
    top2 = p * top_k_mask(p, min(2, p.shape[1]))
    pmax = p.max(-1, keepdim=True).values
    second = top2.sum(-1, keepdim=True) - pmax

    def entropy(q):
        return -(q * torch.log(q + 1e-12)).sum(-1, keepdim=True)

    sq = p * p
    return torch.cat([pmax, entropy(p), pmax - second, entropy(sq / sq.sum(-1, keepdim=True))], -1)


def exit_probabilities(g):
    """Stick-breaking: P_l = max(0, min(g_l, 1 - sum_{j<l} g_j)); the last exit takes the rest."""
    before = torch.cumsum(g, 1) - g
    P = torch.relu(torch.minimum(g, 1 - before))
    return torch.cat([P, torch.relu(1 - P.sum(1, keepdim=True))], 1)


def first_exit(d):
    """One-hot of the first exit taken, from 0/1 decisions d [B, L-1]; the last exit takes whoever is left."""
    taken = torch.cat([d, torch.ones_like(d[:, :1])], 1)
    before = torch.cumsum(taken, 1) - taken
    return taken * ((0.5 - before) > 0).float()


class _Linear(nn.Module):
    def __init__(self, kernel, bias):
        super().__init__()
        self.kernel = nn.Parameter(kernel)
        self.bias = nn.Parameter(bias)


class EarlyExitStack(nn.Module):
    """An MLP backbone (block 0 maps to the width, later blocks are residual) with a classifier head
    after every exit_every blocks; a learned gate per intermediate head reads how sure the head is
    and lets an example leave at the first gate >= 0.5 (rule "learned"), at the first head sure
    beyond threshold ("confidence"), or never ("full"). Returns out (the chosen exit's logits at
    inference, the last head's while training) and exit (the exit index)."""

    def __init__(self, in_features, classes, blocks=6, width=32, exit_every=2, act="relu", rule="learned", threshold=0.9,
                 lam=0.7, warmup=100, alternate_every=0, mean_exit_loss=False):
        super().__init__()
        self.blocks, self.act, self.rule, self.threshold = blocks, act, rule, threshold
        self.lam, self.warmup, self.alternate_every, self.mean_exit_loss = lam, warmup, alternate_every, mean_exit_loss
        self.exits = exit_blocks(blocks, exit_every)
        for b in range(blocks):
            self.add_module("block%d" % b, _Linear(init_(torch.empty(in_features if b == 0 else width, width), "he"), torch.zeros(width)))
        for l in range(len(self.exits)):
            self.add_module("head%d" % l, _Linear(init_(torch.empty(width, classes), "glorot"), torch.zeros(classes)))
        G = len(self.exits) - 1
        self.gates = _Linear(init_(torch.empty(G, 4), "uniform", limit=0.5), init_(torch.empty(G), "uniform", limit=0.5))

    def forward(self, x, group, ctx):
        L = len(self.exits)
        block = lambda b: getattr(self, "block%d" % b)  # noqa: E731
        feats = []
        h = activate(self.act, linear(x, block(0).kernel, block(0).bias))
        for b in range(1, self.blocks + 1):
            if b in self.exits:
                feats.append(h)
            if b < self.blocks:
                h = h + activate(self.act, linear(h, block(b).kernel, block(b).bias))
        # The last head on the live features, the others on detached ones.
        logits = [linear(f if l == L - 1 else f.detach(), getattr(self, "head%d" % l).kernel, getattr(self, "head%d" % l).bias) for l, f in enumerate(feats)]
        gate_logits = torch.stack([(confidence_features(z.detach()) * self.gates.kernel[l:l + 1]).sum(-1) for l, z in enumerate(logits[:-1])], 1) + self.gates.bias
        g = torch.sigmoid(gate_logits)  # (B, L-1)
        if ctx.training:
            if ctx.target is not None:
                self.exit_losses(logits, gate_logits, g, ctx)
            return {"out": logits[-1], "exit": torch.full((x.shape[0],), float(L - 1), device=x.device)}
        if self.rule == "full":
            first = F.one_hot(torch.full((x.shape[0],), L - 1, dtype=torch.long, device=x.device), L).float()
        else:
            if self.rule == "learned":
                score, cut = g, 0.5
            else:
                score, cut = torch.cat([torch.softmax(z, -1).max(-1, keepdim=True).values for z in logits[:-1]], 1), self.threshold
            first = first_exit(1 - ((cut - score) > 0).float())  # score >= cut
        out = (torch.stack(logits, 1) * first.unsqueeze(-1)).sum(1)
        index = (first * torch.arange(L, device=x.device)).sum(-1)
        return {"out": out, "exit": index}

    def exit_losses(self, logits, gate_logits, g, ctx):
        """Heads: cross-entropy weighted by the exit probabilities (plain mean in the warm-up); gates:
        BCE towards "exit here or later than the best exit" l* = argmin CE_l + lambda * depth_l."""
        L = len(self.exits)
        labels = ctx.target.long().unsqueeze(-1)
        ce = torch.stack([-torch.log_softmax(z, -1).gather(-1, labels).squeeze(-1) for z in logits], 1)  # (B, L)
        ce_early = ce[:, : L - 1]
        if ctx.step < self.warmup:
            ctx.add_loss("exits", ce_early.mean())
            return
        phase = ((ctx.step - self.warmup) // self.alternate_every) % 2 if self.alternate_every > 0 else -1
        if phase != 0:
            if self.mean_exit_loss:
                ctx.add_loss("exits", ce_early.mean())
            else:
                P = exit_probabilities(g).detach()[:, : L - 1]
                ctx.add_loss("exits", (P * ce_early).sum() / (P.sum() + 1e-6))
        if phase != 1:
            cost = torch.tensor([b / self.blocks for b in self.exits], device=ce.device)
            best = top_k_mask(-(ce.detach() + self.lam * cost), 1)  # one-hot of l*, ties to the earlier exit
            t = torch.cumsum(best, 1)[:, : L - 1]  # 1 for l >= l*
            ones = t.sum()
            weight = t * ((t.numel() - ones) / ones.clamp(min=1)) + (1 - t)  # positives reweighted
            bce = torch.relu(gate_logits) - gate_logits * t + torch.log1p(torch.exp(-gate_logits.abs()))
            ctx.add_loss("gates", (bce * weight).mean())
