/** Optimizer, learning rate, batch size, steps and seed: the graph's `training` block, edited in place. */
import { withSteps, type ParamSpec, type ParamValue, type Training } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { setTraining } from '../../src/store/actions';
import { ParamField } from '../inspector/ParamField';

type Key = 'optimizer' | 'learningRate' | 'batchSize' | 'steps' | 'seed';

const SPECS: Record<Key, ParamSpec> = {
  optimizer: { kind: 'choice', default: 'adam', options: ['adam', 'adamw', 'sgd'], doc: 'How gradients become weight updates.' },
  learningRate: { kind: 'number', default: 0.01, min: 0.00001, doc: 'Step size of each update; too large and the loss jumps or turns NaN.' },
  batchSize: { kind: 'number', default: 32, min: 1, max: 1024, integer: true, doc: 'Examples per step.' },
  steps: { kind: 'number', default: 500, min: 1, max: 1_000_000, integer: true, doc: 'Training steps in a run; with training phases, each phase is scaled to fit.' },
  seed: { kind: 'number', default: 1, min: 0, max: 4294967295, integer: true, doc: 'Seeds data, split, weights and dropout: same seed, same run.' },
};

function read(t: Training, k: Key): ParamValue {
  switch (k) {
    case 'optimizer': return t.optimizer.name;
    case 'learningRate': return t.optimizer.learningRate;
    default: return t[k];
  }
}

function write(t: Training, k: Key, v: ParamValue): Training {
  switch (k) {
    case 'optimizer': return { ...t, optimizer: { ...t.optimizer, name: v as Training['optimizer']['name'] } };
    case 'learningRate': return { ...t, optimizer: { ...t.optimizer, learningRate: Math.min(10, Math.max(1e-6, Number(v))) } };
    case 'batchSize': return { ...t, batchSize: Math.round(Math.min(4096, Math.max(1, Number(v)))) };
    case 'steps': return withSteps(t, Math.round(Math.min(1_000_000, Math.max(1, Number(v)))));
    case 'seed': return { ...t, seed: Math.round(Math.min(4294967295, Math.max(0, Number(v)))) };
  }
}

export function TrainSettings() {
  const training = useGraph((s) => s.graph.training);
  return (
    <section className="gl-settings">
      {(Object.keys(SPECS) as Key[]).map((k) => (
        <ParamField key={k} name={k} spec={SPECS[k]} value={read(training, k)} onCommit={(v) => setTraining(`Set ${k}`, (t) => write(t, k, v))} testId={`train-${k}`} />
      ))}
      <button className="gl-small" onClick={() => setTraining('New seed', (t) => ({ ...t, seed: Math.floor(Math.random() * 1e6) }))} data-testid="reseed">New seed</button>
    </section>
  );
}
