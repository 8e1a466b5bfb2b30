/**
 * Presets: graph files the CLI and the editor both load, each with a paragraph
 * on what it shows. A preset is checked like any file when it loads.
 */
import { parseGraphValue } from '../graph/parse';
import { formatError } from '../errors';
import type { Graph } from '../graph/format';
import spiralMlp from './spiral-mlp.json';
import spiralGatedMlp from './spiral-gated-mlp.json';
import tinyTransformer from './tiny-transformer.json';
import topkMoe from './topk-moe.json';
import gaussianMoe from './gaussian-moe.json';
import moePlusPlus from './moe-plus-plus.json';
import jeiDnn from './jei-dnn.json';
import phatgoose from './phatgoose.json';
import gatedAttention from './gated-attention.json';
import rezeroDeep from './rezero-deep.json';
import expandedActivations from './expanded-activations.json';
import multiControlledGate from './multi-controlled-gate.json';
import zeroInitInjection from './zero-init-injection.json';
import skipMiddle from './skip-middle.json';
import gateskip from './gateskip.json';
import semanticActivatedAttention from './semantic-activated-attention.json';
import cosmoGzsl from './cosmo-gzsl.json';
import boundaryOodGzsl from './boundary-ood-gzsl.json';
import ideaGated from './idea-gated.json';
import gateon from './gateon.json';
import msvit from './msvit.json';
import highwayDeep from './highway-deep.json';
import gatesFromParts from './gates-from-parts.json';
import rezeroBlocks from './blocks/rezero.json';
import xgluBlocks from './blocks/xglu.json';
import top2MoeBlocks from './blocks/top2-moe.json';

export interface Preset {
  /** Stable slug: `gatelab train --preset SLUG`. */
  slug: string;
  graph: Graph;
}

const RAW: Record<string, unknown> = {
  'spiral-mlp': spiralMlp,
  'spiral-gated-mlp': spiralGatedMlp,
  'tiny-transformer': tinyTransformer,
  'topk-moe': topkMoe,
  'gaussian-moe': gaussianMoe,
  'moe-plus-plus': moePlusPlus,
  'jei-dnn': jeiDnn,
  'phatgoose': phatgoose,
  'gated-attention': gatedAttention,
  'rezero-deep': rezeroDeep,
  'expanded-activations': expandedActivations,
  'multi-controlled-gate': multiControlledGate,
  'zero-init-injection': zeroInitInjection,
  'skip-middle': skipMiddle,
  'gateskip': gateskip,
  'semantic-activated-attention': semanticActivatedAttention,
  'cosmo-gzsl': cosmoGzsl,
  'boundary-ood-gzsl': boundaryOodGzsl,
  'idea-gated': ideaGated,
  'gateon': gateon,
  'msvit': msvit,
  'highway-deep': highwayDeep,
  // the example block files are the definitions this preset uses, kept once
  'gates-from-parts': { ...gatesFromParts, blocks: { ...rezeroBlocks.blocks, ...xgluBlocks.blocks, ...top2MoeBlocks.blocks } },
};

export const PRESETS: readonly Preset[] = Object.entries(RAW).map(([slug, raw]) => {
  const r = parseGraphValue(raw);
  if (!r.ok) throw new Error(`preset ${slug} is broken: ${r.errors.map(formatError).join('; ')}`);
  return { slug, graph: r.value };
});

export function getPreset(slug: string): Preset | undefined {
  return PRESETS.find((p) => p.slug === slug);
}
