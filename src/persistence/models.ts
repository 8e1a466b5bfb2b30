/**
 * Model files in the editor: export the run's trained weights, and open a
 * file's graph and weights as a trained run that can be evaluated, trained
 * further or exported again.
 */
import type { ModelFile } from '../../engine';
import { documentGraph, useGraph } from '../store/graphStore';
import { useUi } from '../store/uiStore';
import { placeGraph } from '../store/actions';
import { useRun, weightsKey, type RunStatus } from '../store/runStore';
import { getBridge } from '../worker/bridge';
import { downloadText, modelFileName } from './files';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const kb = (chars: number) => (chars >= 1048576 ? `${(chars / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(chars / 1024))} KB`);

/**
 * Why Export model is off now, or null when there are trained weights to export;
 * `ownGraph` says whether they belong to the graph on the canvas.
 */
export function exportBlocker(status: RunStatus, step: number, ownGraph = true): string | null {
  if (status === 'running' || status === 'starting') return 'Pause training first: the weights change at every step';
  if (status === 'failed') return 'The run failed (its message says why), so it has no result to export: train again first';
  if (!((status === 'paused' || status === 'done') && step > 0)) return 'No trained weights yet: train first';
  if (!ownGraph) return 'The trained weights belong to the graph as it was before your changes: train this graph first (or undo the changes)';
  return null;
}

/** exportBlocker for the stores' state now. */
export function currentExportBlocker(): string | null {
  const run = useRun.getState();
  return exportBlocker(run.status, run.step, run.weightsKey === weightsKey(documentGraph()));
}

export async function exportModelFile(float16: boolean): Promise<boolean> {
  const ui = useUi.getState();
  const blocked = currentExportBlocker();
  if (blocked) {
    ui.say({ kind: 'error', text: `The model was not exported: ${blocked}.` });
    return false;
  }
  const r = await getBridge().exportModel(float16);
  if (!r.ok) {
    ui.say({ kind: 'error', text: `The model was not exported: ${r.error}.` });
    return false;
  }
  const name = modelFileName(documentGraph());
  downloadText(r.text, name);
  ui.say({ kind: 'info', text: `Exported the trained model as ${name} (${kb(r.text.length)}, ${float16 ? 'float16' : 'float32'} weights).`, ttl: 6000 });
  return true;
}

/** Loads the weights in the worker first: a file whose weights do not fit its graph changes nothing. */
export async function openModel(model: ModelFile, fileName: string): Promise<boolean> {
  const ui = useUi.getState();
  const place = () => { placeGraph(model.graph, `Open model ${fileName}`); return useGraph.getState().rev; };
  const r = await getBridge().loadModel(model, place);
  if (!r.ok) {
    ui.say({ kind: 'error', text: `The model file “${fileName}” was not opened; your graph is unchanged. ${r.message}`, errors: r.errors });
    return false;
  }
  const { step, loss, accuracy } = r.heldOut;
  const recorded = model.metrics.accuracy !== undefined ? ` (${pct(model.metrics.accuracy)} when exported)` : '';
  ui.say({
    kind: 'info',
    ttl: 10000,
    text: `Opened the model “${model.graph.name}” from ${fileName}: ${r.info.params.toLocaleString('en')} parameters, ${step} steps trained, ${model.dtype} weights. `
      + `Held-out loss ${loss.toFixed(4)}${accuracy !== undefined ? `, accuracy ${pct(accuracy)}${recorded}` : ''}. Undo (Ctrl+Z) brings back the graph that was open before.`,
  });
  const total = r.info.total;
  useRun.setState({
    notice: `Loaded model at step ${step}. Train continues from these weights${step < total ? `, from step ${step + 1} to ${total}` : `: its ${total}-step schedule runs again, starting from them`}.`,
  });
  return true;
}
