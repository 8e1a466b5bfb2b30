/**
 * PyTorch modules for generalized zero-shot learning: the two experts, COSMO's
 * confidence gate and adaptive smoothing (Atzmon & Chechik, 2019), and the
 * boundary-based gate on a latent sphere (Chen et al., 2020).
 */
import { defineTorchNode, lastOf, type TorchNode } from './registry';
import type { PyHelper } from './common';

export const ZERO_SHOT_HELPERS: Record<string, PyHelper> = {
  gzsl: {
    source: `def seen_cross_entropy(logits_seen, target, S, mask=None):
    """Cross-entropy over the first S classes, on the rows whose label is a seen class."""
    t = target.float()
    rows = (t < S - 0.5).float()
    if mask is not None:
        rows = rows * mask
    return softmax_cross_entropy(logits_seen, (t * rows).long(), rows)


def top_sorted(p, k):
    """Each row's k largest entries, largest first, [B, E] -> [B, k] (zeros where E < k)."""
    vals = torch.sort(p, dim=1, descending=True, stable=True).values[:, :k]
    return F.pad(vals, (0, k - vals.shape[1])) if vals.shape[1] < k else vals


@torch.no_grad()
def track_quantile(state, values, q, momentum, first):
    """A running q-quantile in a buffer: this batch's, blended in with weight 1 - momentum."""
    v = values.detach().reshape(-1)
    n = v.numel()
    k = min(n, max(1, int(math.floor(q * n)) + 1))
    kth = torch.kthvalue(v, k).values
    state.copy_((kth if first else momentum * state + (1 - momentum) * kth).reshape(state.shape))


def unit(x):
    return x / (x.norm(dim=-1, keepdim=True) + 1e-8)


class _MLP(nn.Module):
    """x -> (ReLU hidden) -> latent; one layer when hidden is 0."""

    def __init__(self, in_dim, hidden, latent):
        super().__init__()
        out1 = hidden if hidden else latent
        self.w1 = nn.Parameter(init_(torch.empty(in_dim, out1), "glorot"))
        self.b1 = nn.Parameter(torch.zeros(out1))
        if hidden:
            self.w2 = nn.Parameter(init_(torch.empty(hidden, latent), "glorot"))
            self.b2 = nn.Parameter(torch.zeros(latent))
        else:
            self.w2 = None

    def mlp(self, x):
        if self.w2 is None:
            return linear(x, self.w1, self.b1)
        return linear(torch.relu(linear(x, self.w1, self.b1)), self.w2, self.b2)
`,
  },
};

export const SeenExpert = defineTorchNode({
  type: 'SeenExpert',
  className: 'SeenExpert',
  helpers: ['gzsl'],
  context: true,
  args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.x), seen: p.seen as number, weight: p.weight as number }),
  source: `class SeenExpert(nn.Module):
    """Logits over the seen classes; trains on its own cross-entropy over seen-class examples."""

    def __init__(self, in_features, seen, weight=1.0):
        super().__init__()
        self.seen, self.weight = seen, weight
        self.kernel = nn.Parameter(init_(torch.empty(in_features, seen), "glorot"))
        self.bias = nn.Parameter(torch.zeros(seen))

    def forward(self, x, ctx):
        scores = linear(x, self.kernel, self.bias)  # (B, S)
        if ctx.target is not None and self.weight > 0:
            ctx.add_loss("ce", self.weight * seen_cross_entropy(scores, ctx.target, self.seen, ctx.target_mask))
        return scores
`,
});

export const ZeroShotExpert = defineTorchNode({
  type: 'ZeroShotExpert',
  className: 'ZeroShotExpert',
  helpers: ['gzsl'],
  context: true,
  args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.x), attributes: lastOf(inputs.attributes), seen: p.seen as number, sharpness: p.sharpness as number, weight: p.weight as number }),
  source: `class ZeroShotExpert(nn.Module):
    """Maps an example into attribute space, z = x W + b, and scores every class by -sharpness * ||z - a_c||^2;
    trains by regressing z onto the attribute vector of its (seen) class."""

    def __init__(self, in_features, attributes, seen, sharpness=2.0, weight=1.0):
        super().__init__()
        self.seen, self.sharpness, self.weight = seen, sharpness, weight
        self.kernel = nn.Parameter(init_(torch.empty(in_features, attributes), "glorot"))
        self.bias = nn.Parameter(torch.zeros(attributes))

    def forward(self, x, attributes, ctx):
        z = linear(x, self.kernel, self.bias)  # (B, A)
        scores = -self.sharpness * ((z.unsqueeze(1) - attributes) ** 2).sum(2)  # (B, C)
        if ctx.target is not None and self.weight > 0:
            t = ctx.target.long()
            own = (F.one_hot(t, attributes.shape[1]).float().unsqueeze(2) * attributes).sum(1)  # (B, A): a_y
            rows = (t.float() < self.seen - 0.5).float()
            if ctx.target_mask is not None:
                rows = rows * ctx.target_mask
            se = ((z - own) ** 2).mean(1)
            ctx.add_loss("mse", self.weight * (se * rows).sum() / rows.sum().clamp(min=1.0))
        return scores
`,
});

export const ConfidenceGate = defineTorchNode({
  type: 'ConfidenceGate',
  className: 'ConfidenceGate',
  helpers: ['gzsl'],
  context: true,
  args: ({ params: p, inputs }) => ({
    seen: lastOf(inputs.seen), classes: lastOf(inputs.zeroShot), top_k: p.topK as number, temperature: p.temperature as number,
    calibrate: p.calibrate as string, coverage: p.coverage as number, threshold: p.threshold as number,
    smoothing: p.smoothing as number, hard: p.hard as boolean, weight: p.weight as number,
  }),
  source: `class ConfidenceGate(nn.Module):
    """COSMO's gate: logistic regression on the sorted top-k probabilities of both experts gives
    p(seen); p(unseen) = sigmoid((theta - p(seen)) / smoothing), theta fitted to a coverage of the
    seen training examples (a running quantile) or fixed."""

    def __init__(self, seen, classes, top_k=5, temperature=3.0, calibrate="coverage", coverage=0.95, threshold=0.5,
                 smoothing=0.1, hard=False, weight=1.0):
        super().__init__()
        self.k_seen = max(1, min(top_k, seen - 1))
        self.k_unseen = min(top_k, classes - seen)
        self.temperature, self.calibrate, self.coverage = temperature, calibrate, coverage
        self.threshold, self.smoothing, self.hard, self.weight = threshold, smoothing, hard, weight
        self.kernel = nn.Parameter(init_(torch.empty(self.k_seen + self.k_unseen, 1), "glorot"))
        self.bias = nn.Parameter(torch.zeros(1))
        self.register_buffer("theta", torch.tensor(float(threshold)))  # fitted, not trained

    def features(self, seen_logits, unseen_probs):
        p_seen = torch.softmax(seen_logits / self.temperature, -1)
        return torch.cat([top_sorted(p_seen, self.k_seen), top_sorted(unseen_probs, self.k_unseen)], 1)

    def forward(self, seen, zero_shot, ctx):
        S, C = seen.shape[1], zero_shot.shape[1]
        s_logits, z_logits = seen.detach(), zero_shot.detach()
        pZ = torch.softmax(z_logits, -1)  # (B, C)
        pZU = pZ[:, S:]  # (B, U)
        logit_in = linear(self.features(s_logits, pZU), self.kernel, self.bias)  # (B, 1): logit of p(seen)
        p_seen = torch.sigmoid(logit_in)
        if ctx.training and ctx.target is not None and self.calibrate == "coverage":
            track_quantile(self.theta, p_seen, 1 - self.coverage, 0.9, ctx.step == 0)
        theta = self.theta if self.calibrate == "coverage" else self.threshold
        unseen = torch.sigmoid((theta - p_seen) / self.smoothing)
        if self.hard:
            unseen = (unseen > 0.5).float()
        if ctx.target is not None and self.weight > 0:
            # Each example once as itself (seen) and once with its class hidden from the seen expert.
            own = F.one_hot(ctx.target.long(), C).float()
            hidden = s_logits + own[:, :S] * -1e9
            own_z = (pZ * own).sum(1, keepdim=True)
            logit_out = linear(self.features(hidden, torch.cat([pZU, own_z], 1)), self.kernel, self.bias)
            bce = F.softplus(-logit_in).mean() + F.softplus(logit_out).mean()
            ctx.add_loss("bce", self.weight / 2 * bce)
        return unseen
`,
});

export const AdaptiveSmoothingCombiner = defineTorchNode({
  type: 'AdaptiveSmoothingCombiner',
  className: 'AdaptiveSmoothingCombiner',
  args: ({ params: p }) => ({ mode: p.mode as string }),
  source: `class AdaptiveSmoothingCombiner(nn.Module):
    """log P(y|x) over all classes: the seen expert weighted by 1 - g, the zero-shot expert (among
    unseen classes) by g, each smoothed towards uniform by the other's weight (COSMO)."""

    def __init__(self, mode="adaptive"):
        super().__init__()
        self.mode = mode

    def forward(self, seen, zero_shot, unseen):
        S, C = seen.shape[1], zero_shot.shape[1]
        U = C - S
        zs = zero_shot.detach()
        if self.mode == "ungated":
            return torch.log_softmax(zs, -1)
        g = unseen.detach()  # (B, 1)
        pS = torch.softmax(seen.detach(), -1)
        pZU = torch.softmax(zs[:, S:], -1)
        if self.mode == "adaptive":
            on_unseen = g * (pZU + (1 - g) / U)
            on_seen = (1 - g) * (pS + g / S)
        else:
            on_unseen = g * pZU
            on_seen = (1 - g) * pS
        return torch.log(torch.cat([on_seen, on_unseen], 1) + 1e-12)
`,
});

export const SphericalEncoder = defineTorchNode({
  type: 'SphericalEncoder',
  className: 'SphericalEncoder',
  helpers: ['gzsl'],
  stochastic: (p) => (p.noise as number) > 0,
  args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.x), hidden: p.hidden as number, latent: p.latent as number, noise: p.noise as number }),
  source: `class SphericalEncoder(_MLP):
    """Features -> a unit vector on the latent sphere; noise is added to the mean while training."""

    def __init__(self, in_features, hidden=32, latent=8, noise=0.1):
        super().__init__(in_features, hidden, latent)
        self.noise = noise

    def forward(self, x):
        mu = self.mlp(x)
        if self.training and self.noise > 0:
            mu = mu + torch.randn_like(mu) * self.noise
        return unit(mu)
`,
});

export const AttributeEncoder = defineTorchNode({
  type: 'AttributeEncoder',
  className: 'AttributeEncoder',
  helpers: ['gzsl'],
  args: ({ params: p, inputs }) => ({ attributes: lastOf(inputs.attributes), hidden: p.hidden as number, latent: p.latent as number }),
  source: `class AttributeEncoder(_MLP):
    """Class attribute vectors [B, C, A] -> one unit vector per class on the latent sphere."""

    def __init__(self, attributes, hidden=0, latent=8):
        super().__init__(attributes, hidden, latent)

    def forward(self, attributes):
        return unit(self.mlp(attributes))
`,
});

export const BoundaryGate = defineTorchNode({
  type: 'BoundaryGate',
  className: 'BoundaryGate',
  helpers: ['gzsl'],
  context: true,
  args: ({ params: p }) => ({ seen: p.seen as number, mode: p.mode as string, coverage: p.coverage as number, scale: p.scale as number, softness: p.softness as number, weight: p.weight as number, align: p.align as number }),
  source: `class BoundaryGate(nn.Module):
    """Chen et al., 2020: s = cosine to the nearest seen anchor; p(unseen) = sigmoid((tau - s) / softness)
    with tau fitted so that a coverage of seen training examples falls inside; returns log P(y|x)."""

    def __init__(self, seen, mode="boundary", coverage=0.95, scale=10.0, softness=0.01, weight=1.0, align=1.0):
        super().__init__()
        self.seen, self.mode, self.coverage, self.scale = seen, mode, coverage, scale
        self.softness, self.weight, self.align = softness, weight, align
        self.register_buffer("tau", torch.tensor(0.0))  # fitted, not trained

    def forward(self, z, anchors, ctx):
        C, S = anchors.shape[1], self.seen
        cos = torch.matmul(anchors, z.unsqueeze(2)).squeeze(2)  # (B, C)
        cos_seen = cos[:, :S]
        if ctx.target is not None and self.weight > 0:
            ctx.add_loss("ce", self.weight * seen_cross_entropy(self.scale * cos_seen, ctx.target, S, ctx.target_mask))
        if ctx.target is not None and self.align > 0:
            own = F.one_hot(ctx.target.long(), C).float()
            rows = (ctx.target.float() < S - 0.5).float()
            if ctx.target_mask is not None:
                rows = rows * ctx.target_mask
            gap = 1 - (cos * own).sum(1)
            ctx.add_loss("align", self.align * (gap * rows).sum() / rows.sum().clamp(min=1.0))
        score = cos_seen.detach().max(1, keepdim=True).values  # (B, 1)
        if ctx.training and ctx.target is not None:
            track_quantile(self.tau, score, 1 - self.coverage, 0.9, ctx.step == 0)
        logits = self.scale * cos.detach()
        outside = (self.tau - score) / self.softness  # > 0 outside the boundary
        if self.mode == "ungated":
            return torch.log_softmax(logits, -1)
        log_seen = torch.log_softmax(logits[:, :S], -1) - F.softplus(outside)
        log_unseen = torch.log_softmax(logits[:, S:], -1) - F.softplus(-outside)
        return torch.cat([log_seen, log_unseen], 1)
`,
});

export const ZERO_SHOT_TORCH: readonly TorchNode[] = [SeenExpert, ZeroShotExpert, ConfidenceGate, AdaptiveSmoothingCombiner, SphericalEncoder, AttributeEncoder, BoundaryGate];
