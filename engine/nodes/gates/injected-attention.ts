/**
 * ImageBind-LLM's injection as released: inside a frozen attention layer, the
 * adapter token a = v + p goes through the layer's OWN value projection, and
 * each head's share, scaled by its own tanh gate, joins that head's output
 * before the output projection:
 *   y = concat_h( SDPA_h(Q, K, V) + tanh(g_h) · (a W_v)_h ) W_o,   g starts at 0
 * Reference: OpenGVLab/LLaMA-Adapter imagebind_LLM/llama/llama.py (Attention.forward).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, choice, int } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim } from '../../shapes/dims';
import { linear, mergeHeads, splitHeads } from '../../compile/ops';
import { attentionFlops, attentionHeads, inferAttention, makeAttentionWeights, MASKS, type AttentionWeights } from '../attention';
import { gateAct } from './gate-mul';
import { IMAGEBIND_CITE, INJECTION_MODES } from './zero-init-injection';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

export const InjectedAttention = defineNode({
  type: 'InjectedAttention',
  label: 'Attention with zero-gated injection',
  category: 'gates/injection',
  version: 1,
  doc:
    'An attention layer that an outside signal (an image, a sound) can enter, as ImageBind-LLM wires it. The condition ' +
    'plus a learned prefix p (the adapter token a) goes through this layer\'s own value projection W_v; each head\'s ' +
    'share of a W_v, scaled by that head\'s gate tanh(g), is added to the head\'s attention output at every position, ' +
    'before the output projection W_o mixes the heads. g starts at 0 and tanh(0) = 0, so at the first step the layer ' +
    'computes exactly what the plain attention layer computes. Put one in every layer of a language model, freeze the ' +
    'model (train only each layer\'s gate and prefix, and the bind network) and the gates open as the condition proves ' +
    'useful. Modes: zero-gate (the paper), ungated (a W_v added at full strength from the start), closed (nothing added).',
  cite: IMAGEBIND_CITE,
  inputs: {
    in: port('data', ['B', 'T', 'D']),
    cond: port('condition', ['B', 'D'], { doc: 'The condition, one D-wide vector per example (the bind network\'s output), [B, D] or [B, 1, D].' }),
  },
  outputs: { out: port('data', ['B', 'T', 'D']) },
  params: {
    heads: int({ default: 4, min: 1, max: 64, doc: 'Heads, each with its own gate; the width must divide evenly by it.' }),
    causal: choice({ default: 'causal', options: MASKS, doc: 'causal: a position sees itself and earlier ones; causal-no-self: only earlier ones; none: all positions.' }),
    mode: choice({ default: 'zero-gate', options: INJECTION_MODES, doc: 'zero-gate: tanh(g)·(aW_v) per head with g = 0 at the start; ungated: aW_v added at once; closed: nothing is added.' }),
    prefix: bool({ default: true, doc: 'Add this layer\'s learned prefix p to the condition (the adapter token a = v + p).' }),
    fromPhase: int({ default: 0, min: 0, max: 19, doc: 'Training phase from which the injection is added; 1 keeps it out while the language model is pretrained in phase 0.' }),
  },
  keyParams: ['mode'],
  infer: ({ in: x, cond }, p) => {
    const r = inferAttention(x, p.heads, 'InjectedAttention');
    if ('error' in r || !x || !cond) return r;
    const D = lastDim(x) as number;
    if (cond.dtype !== 'float32' || cond.shape.length < 2 || cond.shape.length > 3 || (cond.shape.length === 3 && cond.shape[1] !== 1) || lastDim(cond) !== D) {
      return fail(`the condition goes through this layer's own W_v, so it must be one ${D}-wide vector per example, [B, ${D}]; it is ${formatShape(cond.shape)}`, 'cond');
    }
    return r;
  },
  build: ({ inputs, v, params: p }) => {
    const D = inputs.in!.shape[2] as number;
    const vars: Record<string, tf.Variable> = { ...makeAttentionWeights(v, D), gate: v.make('gate', [p.heads], { kind: 'zeros' }) };
    if (p.prefix) vars.prefix = v.make('prefix', [D], { kind: 'normal', std: 0.02 });
    return vars;
  },
  apply: ({ in: x, cond }, w, { params: p, probe, nodeId, interventions, phase }) => {
    const [B, , D] = x.shape as [number, number, number];
    const { Y, A } = attentionHeads(x, w as unknown as AttentionWeights, p.heads, p.causal);     // (B, H, T, Dh)
    let a = tf.reshape(cond, [B, 1, D]);                                                         // the adapter token
    if (w.prefix) a = tf.add(a, w.prefix);
    const clamp = interventions?.[`${nodeId}.gate`];
    const gate = clamp !== undefined ? tf.fill([p.heads], clamp) : gateAct('tanh', w.gate!);
    const shut = p.mode === 'closed' || (phase !== undefined && phase < p.fromPhase);
    const av = splitHeads(linear(a, w.wv!), p.heads);                                             // (B, H, 1, Dh): the layer's own W_v
    const raw = p.mode === 'ungated' ? av : tf.mul(av, tf.reshape(gate, [p.heads, 1, 1]));
    const injected = shut ? tf.mul(raw, 0) : raw;                      // × 0 keeps the bind network connected, with zero gradient
    const out = linear(mergeHeads(tf.add(Y, injected)), w.wo!);       // broadcast over T, then W_o mixes the heads
    if (probe.enabled) {
      probe.record('attention', A);
      const effective = shut ? tf.zeros([p.heads]) : p.mode === 'zero-gate' ? gate : tf.ones([p.heads]);
      probe.record('gate', effective);
      probe.record('gateOpen', tf.abs(effective));
      const perExample = (t: tf.Tensor) => tf.norm(tf.reshape(tf.broadcastTo(t, Y.shape), [B, -1]), 'euclidean', 1);
      probe.record('injectRatio', tf.div(perExample(injected), tf.add(perExample(Y), 1e-12)));
    }
    return { out };
  },
  torch: {
    source: () => import('./injected-attention.py?raw'),
    className: 'InjectedAttention',
    helpers: ['attention'],
    args: ({ params: p, inputs }) => ({ dim: lastOf(inputs.in), heads: p.heads, causal: p.causal, mode: p.mode, prefix: p.prefix }),
  },
  onnx: {
    write: ({ inputs: { in: x, cond }, w, params: p, shapes, g }) => {
      const [, T, D] = shapes.inputs.in!.shape as [string, number, number];
      const { Y } = onnx.attentionHeads(g, x, w as unknown as onnx.AttentionWeightNames, p.heads, T, D, p.causal);
      let a = g.op('Reshape', [cond, g.int64s([-1, 1, D])]);
      if (w.prefix) a = g.op('Add', [a, w.prefix]);
      let injected = onnx.splitHeads(g, onnx.linear(g, a, w.wv!), p.heads, D);                  // (B, H, 1, Dh)
      if (p.mode !== 'ungated') injected = g.op('Mul', [injected, g.op('Reshape', [onnx.gateAct(g, 'tanh', w.gate!), g.int64s([p.heads, 1, 1])])]);
      if (p.mode === 'closed') injected = g.op('Mul', [injected, g.scalar(0)]);
      return { out: onnx.linear(g, onnx.mergeHeads(g, g.op('Add', [Y, injected]), D), w.wo!) };
    },
  },
  flops: ({ in: x }) => (x ? attentionFlops(x) + 2 * (lastDim(x) as number) ** 2 + (x.shape[1] as number) * (lastDim(x) as number) : 0),
  stats: {
    attention: { kind: 'attention', label: 'Attention weights', doc: 'Attention probabilities per head [B, H, T, T].' },
    gate: { kind: 'gate', label: 'Injection gate', range: [-1, 1], doc: 'tanh(g) per head: 0 = shut, ±1 = fully open (1 throughout for ungated, 0 for closed).' },
    gateOpen: { kind: 'scalar', label: 'Gate opening', perItem: 'Head', doc: '|tanh(g)| per head and its mean over heads: how far the gates have opened.' },
    injectRatio: { kind: 'scalar', label: 'Injection loudness', doc: '‖injected‖ / ‖attention output‖ per example, before W_o, averaged: how loud the condition is next to the heads\' outputs.' },
  },
  interventions: {
    gate: { label: 'clamp the injection gate to', min: -1, max: 1, step: 0.05, initial: 0, doc: 'The tanh gate on the injected condition set to this value in every head: 0 shuts the injection.' },
  },
});
