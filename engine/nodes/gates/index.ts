import type { NodeDef } from '../../registry/defineNode';
import { TopKSoftmaxRouter, FFNExperts } from './topk-moe';
import { GaussianExperts } from './gaussian-experts';
import { MoEPlusPlus } from './moe-plus-plus';
import { EarlyExitStack } from './early-exit';
import { PostHocRouter, LoRAExpertBank } from './phatgoose';
import { GatedAttention } from './gated-attention';
import { ReZero } from './rezero';
import { HighwayGate } from './highway';
import { ResidualStack } from './residual-stack';
import { ExpandedSelfGate, ExpandedGLU } from './expanded-activations';
import { SoftAndGate } from './soft-and-gate';
import { ResidualBranchGate } from './residual-branch-gate';
import { ZeroGatedInjection } from './zero-init-injection';
import { InjectedAttention } from './injected-attention';
import { CacheRetrieval } from './cache-retrieval';
import { MiddleSkipStack } from './middle-skip';
import { SemanticActivatedAttention } from './semantic-activated-attention';
import { SeenExpert, ZeroShotExpert } from './gzsl-experts';
import { ConfidenceGate, AdaptiveSmoothingCombiner } from './cosmo';
import { SphericalEncoder, AttributeEncoder, BoundaryGate } from './boundary-ood';
import { IdeaHead, VocabLogGate } from './vocab-log-gate';
import { ContextGate, GuardedDense } from './gateon';
import { MixedScaleTokenizer } from './mixed-scale-tokenizer';
import { MaskedTransformerBlock } from './masked-transformer-block';
import { MaskedMeanPool } from './masked-mean-pool';

/** Gating mechanisms from the papers: one file each, one line here. */
export const GATE_NODES: readonly NodeDef[] = [
  TopKSoftmaxRouter, FFNExperts, GaussianExperts,
  MoEPlusPlus,
  EarlyExitStack,
  PostHocRouter, LoRAExpertBank,
  GatedAttention,
  ReZero,
  HighwayGate,
  ResidualStack,
  ExpandedSelfGate,
  ExpandedGLU,
  SoftAndGate,
  ResidualBranchGate,
  ZeroGatedInjection, InjectedAttention, CacheRetrieval,
  MiddleSkipStack,
  SemanticActivatedAttention,
  SeenExpert, ZeroShotExpert, ConfidenceGate, AdaptiveSmoothingCombiner,
  SphericalEncoder, AttributeEncoder, BoundaryGate,
  IdeaHead, VocabLogGate,
  ContextGate, GuardedDense,
  MixedScaleTokenizer, MaskedTransformerBlock, MaskedMeanPool,
];
