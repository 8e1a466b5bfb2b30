/** The presets gallery: each preset with the paragraph on what it shows, its dataset, and its variants. */
import { PRESETS, registry } from '../../engine';
import { loadPreset } from '../../src/store/actions';
import { useUi } from '../../src/store/uiStore';
import { Modal } from './Modal';

const pick = (slug: string, variant?: string) => { loadPreset(slug, variant); useUi.getState().open('none'); };

export function PresetsGallery() {
  return (
    <Modal title="Presets" testId="presets" wide>
      <p className="gl-muted">Each preset is a working network with a story. Loading one replaces the canvas (Undo brings yours back).</p>
      <div className="gl-preset-grid">
        {PRESETS.map(({ slug, graph }) => {
          const gated = graph.nodes.filter((n) => registry.get(n.type)?.category.startsWith('gates')).length;
          return (
            <article key={slug} className="gl-preset" data-testid={`preset-${slug}`}>
              <h3>{graph.name}</h3>
              <div className="gl-muted">{graph.nodes.length} nodes · dataset <b>{graph.training.dataset.name}</b> · {graph.training.steps} steps{gated ? ` · ${gated} gate nodes` : ''}</div>
              <p>{graph.description}</p>
              <div className="gl-preset-actions">
                <button className="primary" onClick={() => pick(slug)} data-testid={`preset-load-${slug}`}>Load</button>
                {(graph.variants ?? []).map((v) => (
                  <button key={v.name} onClick={() => pick(slug, v.name)} data-testid={`preset-variant-${slug}-${v.name}`} title={Object.entries(v.set).map(([k, x]) => `${k} = ${String(x)}`).join(', ')}>
                    Variant: {v.name}
                  </button>
                ))}
              </div>
            </article>
          );
        })}
      </div>
    </Modal>
  );
}
