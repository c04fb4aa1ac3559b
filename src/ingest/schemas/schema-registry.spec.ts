import { RECORD_KINDS } from './records';
import { allSchemas, schemaFor, SCHEMA_VERSIONS, schemaId } from './schema-registry';

type Node = Record<string, unknown>;

/** Every property schema below `node`, with its JSON path, walking properties and items. */
function* propertySchemas(node: Node, path: string): Generator<[string, Node]> {
  const properties = node.properties as Record<string, Node> | undefined;
  for (const [name, child] of Object.entries(properties ?? {})) {
    yield [`${path}/${name}`, child];
    yield* propertySchemas(child, `${path}/${name}`);
  }
  if (node.items) yield* propertySchemas(node.items as Node, `${path}/items`);
}

describe('schema registry', () => {
  it.each(RECORD_KINDS)('should give %s a versioned urn $id and the draft 2020-12 dialect', (kind) => {
    const schema = schemaFor(kind) as Node;
    expect(schema.$id).toBe(`urn:risk:schema:${kind}:${SCHEMA_VERSIONS[kind]}`);
    expect(schema.$id).toBe(schemaId(kind));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it.each(RECORD_KINDS)('should describe every field of %s in Chinese and English and close every object', (kind) => {
    const schema = schemaFor(kind) as Node;
    expect(schema.additionalProperties).toBe(false);
    for (const [path, child] of propertySchemas(schema, '')) {
      expect([path, typeof child.description]).toEqual([path, 'string']);
      expect([path, /[\u4e00-\u9fff].* — [A-Za-z]/.test(String(child.description))]).toEqual([path, true]);
      if (child.type === 'object') expect([path, child.additionalProperties]).toEqual([path, false]);
      if (child.type === 'array') expect([path, (child.items as Node).additionalProperties]).toEqual([path, false]);
    }
  });

  it('should serve schemas without the nullable marks used for typing', () => {
    expect(JSON.stringify(allSchemas())).not.toContain('nullable');
  });

  it('should list all kinds once, in order, as plain JSON', () => {
    const served = allSchemas();
    expect(served.map((s) => s.kind)).toEqual([...RECORD_KINDS]);
    expect(JSON.parse(JSON.stringify(served))).toEqual(served);
  });

  it('should not let a caller alter a served schema', () => {
    expect(() => {
      (schemaFor('tax_event') as Node).title = 'changed';
    }).toThrow(TypeError);
  });
});
