/**
 * A block instance in the inspector: its cost, open it, detach it into plain
 * nodes, keep its definition in My blocks or a file, and (on the graph
 * itself) rename and describe the definition. Its exposed params are the
 * form below this, like any node's.
 */
import { useUi } from '../../src/store/uiStore';
import { useState } from 'react';
import { blockFile, detachInstance, editDefinition, openBlock, saveBlockToLibrary } from '../../src/store/blockActions';
import { useGraph } from '../../src/store/graphStore';
import { downloadText } from '../../src/persistence/files';
import { useValidation } from '../../src/store/validation';

const say = (why: string | null, done: string) => useUi.getState().say(why ? { kind: 'warn', text: why, ttl: 8000 } : { kind: 'info', text: done, ttl: 4000 });

export function BlockActions({ id, name }: { id: string; name: string }) {
  const cost = useValidation((s) => s.blockCost.get(id));
  const exportFile = () => { const f = blockFile(name); downloadText(f.text, f.fileName); };
  return (
    <div className="gl-button-col" data-testid="block-actions">
      {cost && <p className="gl-muted" data-testid="block-cost" data-params={cost.params} data-flops={cost.flops}>This instance: {cost.params.toLocaleString('en')} weights, {Math.round(cost.flops).toLocaleString('en')} FLOPs per example.</p>}
      <button onClick={() => openBlock(id)} data-testid="block-open" title="Edit inside the block (double-click it, or Enter on it); every instance follows">Open block</button>
      <button onClick={() => say(detachInstance(id), `Detached ${id} into plain nodes.`)} data-testid="block-detach" title="Replace this instance by plain nodes (the definition stays for the other instances)">Detach into nodes</button>
      <button onClick={() => say(saveBlockToLibrary(name), `Saved ${name} to My blocks (in this browser).`)} data-testid="block-save" title="Keep the definition in My blocks, in this browser, to place it in any graph">Save to My blocks</button>
      <button onClick={exportFile} data-testid="block-export" title="Download the definition (and the blocks it uses) as a file another graph can import">Export block file</button>
    </div>
  );
}

/** The definition's name and description, edited on the graph itself (inside a block, its name is how the graph around it knows it). */
export function DefinitionForm({ name }: { name: string }) {
  const top = useGraph((s) => s.frames.length === 0);
  const description = useGraph((s) => s.graph.blocks?.[name]?.description ?? '');
  const [to, setTo] = useState(name);
  const [text, setText] = useState(description);
  if (!top) return null;
  const save = () => say(editDefinition(name, to.trim(), text.trim()), `Block ${to.trim()} updated (every instance).`);
  return (
    <fieldset className="gl-expose" data-testid="block-definition">
      <legend>Definition (every instance)</legend>
      <label className="gl-field-name">Name <input value={to} onChange={(e) => setTo(e.target.value)} data-testid="block-rename" /></label>
      <label className="gl-field-name">Description <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="block-describe" /></label>
      <button onClick={save} disabled={to.trim() === name && text.trim() === description} data-testid="block-definition-save">Save</button>
    </fieldset>
  );
}
