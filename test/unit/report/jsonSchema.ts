// A JSON Schema (draft-07) checker for the constructs speedscope's published schema uses: $ref to
// definitions, type, const, enum, properties, required, items, anyOf. Test helper, not a test;
// anything else in a schema is reported as unsupported rather than silently passed.
type Schema = Record<string, unknown>;

export function validate(value: unknown, schema: Schema, root: Schema = schema, at = '$'): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(schema)) {
    if (
      ![
        '$schema',
        '$ref',
        'definitions',
        'title',
        'type',
        'const',
        'enum',
        'properties',
        'required',
        'items',
        'anyOf',
      ].includes(key)
    )
      errors.push(`${at}: unsupported schema keyword ${key}`);
  }
  if (typeof schema.$ref === 'string') {
    const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? (root.definitions as Record<string, Schema> | undefined)?.[name] : undefined;
    if (!target) return [`${at}: unresolved $ref ${schema.$ref}`];
    errors.push(...validate(value, target, root, at));
  }
  if (schema.type !== undefined) {
    const t = schema.type as string;
    const ok =
      t === 'array'
        ? Array.isArray(value)
        : t === 'object'
          ? typeof value === 'object' && value !== null && !Array.isArray(value)
          : typeof value === t;
    if (!ok) return [...errors, `${at}: expected ${t}, got ${JSON.stringify(value)?.slice(0, 40)}`];
  }
  if ('const' in schema && value !== schema.const) errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    errors.push(`${at}: not one of ${schema.enum.join(', ')}`);
  if (schema.properties && typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    for (const [k, s] of Object.entries(schema.properties as Record<string, Schema>))
      if (k in o) errors.push(...validate(o[k], s, root, `${at}.${k}`));
  }
  if (Array.isArray(schema.required) && typeof value === 'object' && value !== null)
    for (const k of schema.required as string[]) if (!(k in (value as object))) errors.push(`${at}: missing ${k}`);
  if (schema.items && Array.isArray(value))
    value.forEach((v, i) => errors.push(...validate(v, schema.items as Schema, root, `${at}[${i}]`)));
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as Schema[]).map((s) => validate(value, s, root, at));
    if (!branches.some((b) => b.length === 0))
      errors.push(`${at}: matches no anyOf branch (${branches.map((b) => b[0]).join('; ')})`);
  }
  return errors;
}
