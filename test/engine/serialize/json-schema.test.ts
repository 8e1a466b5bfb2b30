/** The published JSON Schemas are generated from the zod schemas and must be current. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemas, schemaText } from '../../../engine/serialize';

const root = join(__dirname, '..', '..', '..');

describe('schema/*.schema.json', () => {
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    it(`${name} is current (else run node scripts/gen-schema.mjs)`, () => {
      expect(readFileSync(join(root, 'schema', name), 'utf8')).toBe(schemaText(schema));
    });
  }

  it('the model schema rejects unknown fields and requires the weights, graph and version', () => {
    const m = jsonSchemas()['gatelab-model.v1.schema.json']!;
    expect(m.additionalProperties).toBe(false);
    expect(m.required).toEqual(expect.arrayContaining(['format', 'version', 'gatelab', 'graph', 'training', 'metrics', 'weights']));
    const weights = (m.properties as Record<string, { propertyNames?: { pattern?: string } }>).weights!;
    expect(weights.propertyNames?.pattern).toContain('\\/');
  });
});
