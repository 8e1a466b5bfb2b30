/**
 * Colours: port roles (what flows through a port) and node categories. The
 * tables cover the roles and top-level categories the engine defines; an
 * unknown category gets a stable colour from its name, so new node families
 * need no edit here.
 */
import { registry } from '../../engine';

export const ROLE_COLOURS: Record<string, string> = {
  data: '#64748b',
  tokens: '#0d9488',
  gate: '#e8590c',
  residual: '#2563eb',
  branch: '#7c3aed',
  router: '#c026d3',
  condition: '#16a34a',
};

export const ROLE_DOCS: Record<string, string> = {
  data: 'activations',
  tokens: 'token ids',
  gate: 'gate values',
  residual: 'residual stream',
  branch: 'branch output',
  router: 'routing weights',
  condition: 'conditioning',
};

const CATEGORY_COLOURS: Record<string, string> = {
  data: '#475569',
  layers: '#2563eb',
  merge: '#0891b2',
  gates: '#e8590c',
  routers: '#c026d3',
  experts: '#7c3aed',
  skip: '#059669',
  exits: '#059669',
  losses: '#dc2626',
};

export function roleColour(role: string): string {
  return ROLE_COLOURS[role] ?? hashColour(role);
}

export function categoryColour(category: string): string {
  const top = category.split('/')[0] ?? category;
  return CATEGORY_COLOURS[top] ?? hashColour(top);
}

function hashColour(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360} 55% 45%)`;
}

/** Roles that some registered port uses, in table order: what the legend lists. */
export function rolesInUse(): string[] {
  const used = new Set<string>();
  for (const d of registry.list()) for (const p of [...Object.values(d.inputs), ...Object.values(d.outputs)]) used.add(p.role);
  return [...Object.keys(ROLE_COLOURS).filter((r) => used.has(r)), ...[...used].filter((r) => !(r in ROLE_COLOURS))];
}
