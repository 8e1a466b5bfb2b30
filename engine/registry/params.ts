/**
 * Param schemas: type, default, range and one sentence of docs. Node types and
 * datasets declare their params with these; validation, the inspector form,
 * `gatelab nodes` and the CLI's `--set` all read them.
 */
export type ParamValue = number | string | boolean;

export interface NumParam {
  kind: 'number';
  default: number;
  min?: number;
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
  step?: number;
  /** A short name for figures and legends ("cost weight λ"); the key where absent. */
  label?: string;
  doc: string;
}
export interface ChoiceParam<T extends string = string> {
  kind: 'choice';
  default: T;
  options: readonly T[];
  /** A short name for figures and legends ("cost weight λ"); the key where absent. */
  label?: string;
  doc: string;
}
export interface BoolParam {
  kind: 'boolean';
  default: boolean;
  /** A short name for figures and legends ("cost weight λ"); the key where absent. */
  label?: string;
  doc: string;
}
export type ParamSpec = NumParam | ChoiceParam | BoolParam;
export type ParamSchema = Record<string, ParamSpec>;

/** The resolved value type of a schema: what build/apply receive. */
export type ParamValues<S extends ParamSchema> = {
  [K in keyof S]: S[K] extends NumParam ? number
    : S[K] extends ChoiceParam<infer T> ? T
    : S[K] extends BoolParam ? boolean
    : never;
};

export function num(o: Omit<NumParam, 'kind'>): NumParam {
  return { kind: 'number', ...o };
}
export function int(o: Omit<NumParam, 'kind' | 'integer'>): NumParam {
  return { kind: 'number', integer: true, ...o };
}
export function choice<const T extends string>(o: { default: NoInfer<T>; options: readonly T[]; doc: string }): ChoiceParam<T> {
  return { kind: 'choice', ...o };
}
export function bool(o: Omit<BoolParam, 'kind'>): BoolParam {
  return { kind: 'boolean', ...o };
}

/** Why a value does not fit its spec, in words, or null when it fits. */
export function checkParam(spec: ParamSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a finite number, got ${describe(value)}`;
      if (spec.integer && !Number.isInteger(value)) return `must be a whole number, got ${value}`;
      if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}, got ${value}`;
      if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}, got ${value}`;
      return null;
    }
    case 'choice':
      if (typeof value !== 'string' || !spec.options.includes(value)) {
        return `must be one of ${spec.options.map((o) => `"${o}"`).join(', ')}, got ${describe(value)}`;
      }
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `must be true or false, got ${describe(value)}`;
  }
}

/** Parses a command-line string into the param's type (for `--set`). */
export function parseParamString(spec: ParamSpec, raw: string): ParamValue {
  if (spec.kind === 'number') return raw.trim() === '' ? NaN : Number(raw);
  if (spec.kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Defaults filled in, for a params object already checked against the schema. */
export function withDefaults(schema: ParamSchema, given: Record<string, ParamValue>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = Object.create(null);
  for (const [k, spec] of Object.entries(schema)) out[k] = given[k] ?? spec.default;
  return out;
}
