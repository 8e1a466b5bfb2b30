/**
 * Zero-initialised gated injection (ImageBind-LLM, Han et al., 2023): a
 * condition vector enters a frozen language model through its attention
 * layers, behind a per-head gate that starts shut.
 *   a     = v + p                         adapter token [B, 1, D]: bind output plus a learned prefix
 *   out_h = attn_h + tanh(g_h) · (a W_v)_h  for every position; g starts at 0
 * Because tanh(0) = 0, the model with the injection computes exactly what the
 * model without it computes until the gate learns to open.
 * Reference: OpenGVLab/LLaMA-Adapter imagebind_LLM/llama/llama.py
 * (Attention.forward, self.gate) and llama_adapter.py (forward_visual).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, choice, int } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, float, lastDim } from '../../shapes/dims';
import { linear } from '../../compile/ops';
import { gateAct } from './gate-mul';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

type Tensor = tf.Tensor;

export const IMAGEBIND_CITE = 'Han et al., 2023, "ImageBind-LLM: Multi-modality Instruction Tuning"';

export const INJECTION_MODES = ['zero-gate', 'ungated', 'closed'] as const;

/**
 * The injected term per head: tanh(g_h) · (a W_v)_h, as [B, 1, D] (heads
 * side by side). `gate` is [H] (already squashed) or null for no gate.
 */
export function injectPerHead(a: Tensor, wv: Tensor, gate: Tensor | null, heads: number): Tensor {
  const proj = linear(a, wv);                                        // (B, 1, D)
  if (!gate) return proj;
  const [B, S, D] = proj.shape as [number, number, number];
  const perHead = tf.reshape(proj, [B, S, heads, D / heads]);       // (B, 1, H, Dh)
  return tf.reshape(tf.mul(perHead, tf.reshape(gate, [heads, 1])), [B, S, D]);
}

export const ZeroGatedInjection = defineNode({
  type: 'ZeroGatedInjection',
  label: 'Zero-gated injection',
  category: 'gates/injection',
  version: 1,
  doc:
    'Adds an outside signal (an image, a sound, any condition vector) to the output of an attention layer ' +
    'behind a gate that starts closed. The condition v (from a small trainable "bind" network) plus a learned ' +
    'prefix p is projected by W_v, split into heads, and each head\'s share is scaled by tanh(g) before it is ' +
    'added at every position. g starts at 0 and tanh(0) = 0, so at the first step the model computes exactly ' +
    'what it computed without the injection: a pretrained language model is not disturbed at the start, and ' +
    'the gate opens as training finds the condition useful. ImageBind-LLM trains only the gates, prefixes and bind network on a ' +
    'frozen LLaMA this way. Modes: zero-gate (the paper), ungated (adds a W_v at full strength from the start, ' +
    'which changes the frozen model\'s output from the first step), closed (the gate held at 0: no injection). This node is the ' +
    'simpler wiring, kept for graphs built with it: its W_v is its own and it adds after the attention layer\'s output ' +
    'projection, so its per-head gates act on chunks of the output. "Attention with zero-gated injection" is the paper\'s wiring.',
  cite: IMAGEBIND_CITE,
  inputs: {
    attn: port('data', ['B', 'T', 'D'], { doc: 'The attention layer\'s output, which the injection is added to.' }),
    cond: port('condition', ['B', 'Dc'], { doc: 'The condition: one vector per example (e.g. the bind network\'s output), [B, Dc] or [B, 1, Dc].' }),
  },
  outputs: { out: port('data', ['B', 'T', 'D']) },
  params: {
    heads: int({ default: 4, min: 1, max: 64, doc: 'Heads, each with its own gate; the width must divide evenly by it.' }),
    mode: choice({ default: 'zero-gate', options: INJECTION_MODES, doc: 'zero-gate: tanh(g)·aW_v with g = 0 at the start; ungated: aW_v added at once; closed: nothing is added.' }),
    prefix: bool({ default: true, doc: 'Add a learned prefix vector p to the condition before projecting it (the adapter token).' }),
    fromPhase: int({ default: 0, min: 0, max: 19, doc: 'Training phase from which the injection is added; 1 keeps it out of a language model pretrained in phase 0, as when adapters join a pretrained LLM.' }),
  },
  keyParams: ['mode'],
  infer: ({ attn, cond }, p) => {
    if (!attn) return { out: float(['B', 1, 1]) };
    if (attn.shape.length !== 3 || attn.dtype !== 'float32') return fail(`ZeroGatedInjection expects the attention output [B, T, D]; it gets ${formatShape(attn.shape)}`, 'attn');
    const D = lastDim(attn) as number;
    if (D % p.heads !== 0) return fail(`the width ${D} must divide evenly into ${p.heads} heads`, 'attn');
    if (cond && (cond.dtype !== 'float32' || cond.shape.length < 2 || cond.shape.length > 3 || (cond.shape.length === 3 && cond.shape[1] !== 1))) {
      return fail(`the condition must be one float vector per example, [B, Dc] or [B, 1, Dc]; it is ${formatShape(cond.shape)}`, 'cond');
    }
    return { out: attn };
  },
  build: ({ params: p, inputs, v }) => {
    const D = lastDim(inputs.attn!) as number;
    const Dc = lastDim(inputs.cond!) as number;
    const vars: Record<string, tf.Variable> = {
      gate: v.make('gate', [p.heads], { kind: 'zeros' }),
      wv: v.make('wv', [Dc, D], { kind: 'glorot' }),
    };
    if (p.prefix) vars.prefix = v.make('prefix', [Dc], { kind: 'normal', std: 0.02 });
    return vars;
  },
  onnx: {
    write: ({ inputs: { attn, cond }, w, params: p, shapes, g }) => {
      const D = lastDim(shapes.inputs.attn!) as number;
      const Dc = lastDim(shapes.inputs.cond!) as number;
      let a = g.op('Reshape', [cond, g.int64s([-1, 1, Dc])]);                 // (B, 1, Dc)
      if (w.prefix) a = g.op('Add', [a, w.prefix]);
      let injected = onnx.linear(g, a, w.wv!);                                  // (B, 1, D)
      if (p.mode !== 'ungated') {
        const perHead = g.op('Reshape', [injected, g.int64s([0, 1, p.heads, D / p.heads])]);
        const gate = g.op('Reshape', [onnx.gateAct(g, 'tanh', w.gate!), g.int64s([p.heads, 1])]);
        injected = g.op('Reshape', [g.op('Mul', [perHead, gate]), g.int64s([0, 1, D])]);
      }
      if (p.mode === 'closed') injected = g.op('Mul', [injected, g.scalar(0)]);
      return { out: g.op('Add', [attn, injected]) };
    },
  },
  apply: ({ attn, cond }, w, { params: p, probe, nodeId, interventions, phase }) => {
    const B = cond.shape[0]!;
    let a = tf.reshape(cond, [B, 1, cond.shape[cond.shape.length - 1]!]);   // (B, 1, Dc)
    if (w.prefix) a = tf.add(a, w.prefix);
    const clamp = interventions?.[`${nodeId}.gate`];
    const gate = clamp !== undefined ? tf.fill([p.heads], clamp) : gateAct('tanh', w.gate!);
    const added = phase === undefined || phase >= p.fromPhase;             // not yet part of the model: held shut like 'closed'
    const raw = injectPerHead(a, w.wv!, p.mode === 'ungated' ? null : gate, p.heads);
    const injected = p.mode === 'closed' || !added ? tf.mul(raw, 0) : raw;   // × 0 keeps the bind network connected, with zero gradient
    const out = tf.add(attn, injected);                                    // (B, T, D), the injection broadcasts over T
    if (probe.enabled) {
      const effective = !added || p.mode === 'closed' ? tf.zeros([p.heads]) : p.mode === 'zero-gate' ? gate : tf.ones([p.heads]);
      probe.record('gate', effective);
      probe.record('gateOpen', tf.abs(effective));
      probe.record('injectRatio', tf.div(tf.norm(tf.reshape(injected, [B, -1]), 'euclidean', 1), tf.add(tf.norm(tf.reshape(attn, [B, -1]), 'euclidean', 1), 1e-12)));
    }
    return { out };
  },
  torch: {
    source: () => import('./zero-init-injection.py?raw'),
    className: 'ZeroGatedInjection',
    args: ({ params: p, inputs }) => ({ dim: lastOf(inputs.attn), cond_dim: lastOf(inputs.cond), heads: p.heads, mode: p.mode, prefix: p.prefix }),
  },
  flops: ({ attn, cond }) => (attn && cond ? 2 * (lastDim(cond) as number) * (lastDim(attn) as number) + 2 * (lastDim(attn) as number) + (attn.shape[1] as number) * (lastDim(attn) as number) : 0),
  stats: {
    gate: { kind: 'gate', label: 'Injection gate', range: [-1, 1], doc: 'tanh(g) per head: 0 = shut, ±1 = fully open (1 throughout for ungated, 0 for closed).' },
    gateOpen: { kind: 'scalar', label: 'Gate opening', perItem: 'Head', doc: '|tanh(g)| per head and its mean over heads: how far the gates have opened.' },
    injectRatio: { kind: 'scalar', label: 'Injection loudness', doc: '‖injected‖ / ‖attention output‖ per example, averaged: how loud the condition is next to the attention layer.' },
  },
  interventions: {
    gate: { label: 'clamp the injection gate to', min: -1, max: 1, step: 0.05, initial: 0, doc: 'The tanh gate on the injected condition set to this value: 0 shuts the injection.' },
  },
});
