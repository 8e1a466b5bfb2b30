import { listNodes, PRESETS, DATASETS, OWN_DATASET_NAMES, formatShape } from '../../../engine';
import { EXIT } from '../io';

/** `gatelab nodes [--json]`: the registry, documented. */
export function nodesCommand(json: boolean): number {
  const nodes = listNodes();
  if (json) {
    console.log(JSON.stringify(nodes.map((d) => ({
      type: d.type, label: d.label, category: d.category, version: d.version, doc: d.doc, cite: d.cite,
      inputs: d.inputs, outputs: d.outputs, params: d.params, stats: d.stats ?? {},
    }))));
    return EXIT.ok;
  }
  for (const d of nodes) {
    console.log(`${d.type}  (${d.category})`);
    console.log(`  ${d.doc}`);
    if (d.cite) console.log(`  cite: ${d.cite}`);
    const ports = (ps: typeof d.inputs) => Object.entries(ps).map(([n, p]) => `${n}${formatShape(p.pattern)}${p.optional ? '?' : ''}`).join(', ') || '-';
    console.log(`  inputs: ${ports(d.inputs)}   outputs: ${ports(d.outputs)}`);
    for (const [n, p] of Object.entries(d.params)) {
      const range = p.kind === 'number' ? ` [${p.min ?? '-inf'}, ${p.max ?? 'inf'}]` : p.kind === 'choice' ? ` {${p.options.join('|')}}` : '';
      console.log(`  param ${n} = ${p.default}${range}: ${p.doc}`);
    }
    console.log('');
  }
  return EXIT.ok;
}

export function presetsCommand(): number {
  const w = Math.max(...PRESETS.map((p) => p.slug.length));
  for (const p of PRESETS) console.log(`${p.slug.padEnd(w)}  ${p.graph.name}: ${(p.graph.description ?? '').split('. ')[0]}`);
  return EXIT.ok;
}

export function datasetsCommand(): number {
  for (const d of DATASETS) console.log(`${d.name.padEnd(20)} ${d.kind.padEnd(9)} ${Object.entries(d.params).map(([k, p]) => `${k}=${p.default}`).join(' ')}`);
  console.log(`\nYour own data: ${OWN_DATASET_NAMES.join(', ')}, inline in the graph or with train --data FILE (docs/own-data.md)`);
  return EXIT.ok;
}
