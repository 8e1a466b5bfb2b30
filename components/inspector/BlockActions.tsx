/**
 * A block instance in the inspector: open it, detach it into plain nodes,
 * keep its definition in My blocks or a file. Its exposed params are the
 * form below this, like any node's.
 */
import { useUi } from '../../src/store/uiStore';
import { blockFile, detachInstance, openBlock, saveBlockToLibrary } from '../../src/store/blockActions';
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
