// A minimal protobuf writer for hand-made profiles in tests: exact bytes, including the ones a
// correct encoder would never write (unpacked fields, over-long varints, dangling references).
export type Field = [field: number, value: number | bigint | Uint8Array | string];

export function varint(v: number | bigint): number[] {
  let x = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x !== 0n) b |= 0x80;
    out.push(b);
  } while (x !== 0n);
  return out;
}

/** Encodes fields in order: numbers and bigints as varints, bytes and strings length-delimited. */
export function message(fields: Field[]): Uint8Array {
  const out: number[] = [];
  for (const [field, value] of fields) {
    if (typeof value === 'number' || typeof value === 'bigint') {
      out.push(...varint(field << 3), ...varint(value));
    } else {
      const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
      out.push(...varint((field << 3) | 2), ...varint(bytes.length), ...bytes);
    }
  }
  return Uint8Array.from(out);
}

/** A packed repeated varint field's payload. */
export function packed(values: (number | bigint)[]): Uint8Array {
  return Uint8Array.from(values.flatMap((v) => varint(v)));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A small valid goroutine profile: strings ["", goroutine, count, main.leak, main.go, route, /x],
 * one function, one location, and `samples` samples of one location each.
 */
export function tinyProfile(options: { samples?: Field[][]; extra?: Field[] } = {}): Uint8Array {
  const strings = ['', 'goroutine', 'count', 'main.leak', 'main.go', 'route', '/x'];
  const samples = options.samples ?? [
    [
      [1, 1],
      [2, 40],
      [
        3,
        message([
          [1, 5],
          [2, 6],
        ]),
      ],
    ],
  ];
  return message([
    [
      1,
      message([
        [1, 1],
        [2, 2],
      ]),
    ],
    ...samples.map((s): Field => [2, message(s)]),
    [
      4,
      message([
        [1, 1],
        [3, 0x401000],
        [
          4,
          message([
            [1, 1],
            [2, 12],
          ]),
        ],
      ]),
    ],
    [
      5,
      message([
        [1, 1],
        [2, 3],
        [3, 3],
        [4, 4],
        [5, 10],
      ]),
    ],
    ...strings.map((s): Field => [6, s]),
    ...(options.extra ?? []),
  ]);
}
