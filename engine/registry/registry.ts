import type { NodeDef } from './defineNode';

export interface Registry {
  get(type: string): NodeDef | undefined;
  list(): readonly NodeDef[];
  /** Categories in first-seen order, for the palette. */
  categories(): string[];
}

/** Builds a registry from an explicit list; a duplicate type or a missing migrate step is a programmer mistake and throws. */
export function createRegistry(defs: readonly NodeDef[]): Registry {
  const byType = new Map<string, NodeDef>();
  for (const def of defs) {
    if (byType.has(def.type)) throw new Error(`Node type "${def.type}" is declared twice`);
    if (!/^[A-Z][A-Za-z0-9]*$/.test(def.type)) throw new Error(`Node type "${def.type}" must be PascalCase`);
    for (let v = 1; v < def.version; v++) if (!def.migrate?.[v]) throw new Error(`Node type "${def.type}" is version ${def.version} but has no migrate step from version ${v}`);
    byType.set(def.type, def);
  }
  const list = [...byType.values()];
  return {
    get: (type) => byType.get(type),
    list: () => list,
    categories: () => [...new Set(list.map((d) => d.category))],
  };
}
