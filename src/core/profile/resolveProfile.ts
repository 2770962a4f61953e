// Phase 3 of decoding: ids and string indexes of the wire tables become object references and
// strings, and everything that refers to something is checked to exist (google/pprof's
// postDecode + CheckValid). Samples stay where they are in the bytes, read one at a time
// (sampleWalker.ts) or decoded straight into the model (decodeSamples.ts) by profileTables.ts. Errors name the record and its byte offset in the decompressed input.
import { InputError } from '../inputError';
import type {
  Profile,
  ProfileFunction,
  ProfileLine,
  ProfileLocation,
  ProfileMapping,
  ValueType,
} from '../model/profile';
import { IdTable } from './idTable';
import type { WireProfile, WireValueType } from './profileWire';

/** Everything of a profile but its samples, resolved and checked, and how to reach the rest. */
export interface ResolvedTables {
  readonly header: Omit<Profile, 'samples'>;
  readonly locationById: IdTable<ProfileLocation>;
  /** Location id → index in `header.locations`. */
  readonly locationIndexById: IdTable<number>;
  readonly strings: readonly string[];
  str(index: number, what: string, offset?: number): string;
  fail(problem: string, offset?: number): never;
}

export function resolveTables(w: WireProfile, input: string): ResolvedTables {
  const fail = (problem: string, offset?: number): never => {
    throw new InputError(problem, { stage: 'validating profile', input, offset });
  };
  const strings = w.strings;
  if (strings.length === 0) fail('the string table is empty (it must start with "")');
  if (strings[0] !== '')
    fail(`the string table must start with "", not "${strings[0]!.slice(0, 40)}"`, w.stringOffsets[0]);
  const str = (index: number, what: string, offset?: number): string => {
    const s = strings[index];
    if (s === undefined)
      fail(`${what} refers to string ${index}, but the string table has ${strings.length} entries`, offset);
    return s!;
  };
  const valueType = (vt: WireValueType, what: string): ValueType => ({
    type: str(vt.typeX, `${what} type`),
    unit: str(vt.unitX, `${what} unit`),
  });

  const sampleTypes = w.sampleTypes.map((vt, i) => valueType(vt, `sample type ${i}`));

  const mappingById = new IdTable<ProfileMapping>(w.mappings.length);
  const mappings = w.mappings.map((m, i): ProfileMapping => {
    if (m.id === 0) fail(`mapping ${i} has the reserved id 0`, m.offset);
    if (mappingById.get(m.id)) fail(`mapping ${i} repeats id ${m.id}`, m.offset);
    const mapping: ProfileMapping = {
      id: m.id,
      memoryStart: m.memoryStart,
      memoryLimit: m.memoryLimit,
      fileOffset: m.fileOffset,
      filename: str(m.filenameX, `mapping ${m.id} filename`, m.offset),
      buildId: str(m.buildIdX, `mapping ${m.id} build id`, m.offset),
    };
    mappingById.set(m.id, mapping);
    return mapping;
  });

  const functionById = new IdTable<ProfileFunction>(w.functions.length);
  const functions = w.functions.map((f, i): ProfileFunction => {
    if (f.id === 0) fail(`function ${i} has the reserved id 0`, f.offset);
    if (functionById.get(f.id)) fail(`function ${i} repeats id ${f.id}`, f.offset);
    const fn: ProfileFunction = {
      id: f.id,
      name: str(f.nameX, `function ${f.id} name`, f.offset),
      systemName: str(f.systemNameX, `function ${f.id} system name`, f.offset),
      filename: str(f.filenameX, `function ${f.id} filename`, f.offset),
      startLine: f.startLine,
    };
    functionById.set(f.id, fn);
    return fn;
  });

  const locationById = new IdTable<ProfileLocation>(w.locations.length);
  const locationIndexById = new IdTable<number>(w.locations.length);
  const locations = w.locations.map((l, i): ProfileLocation => {
    if (l.id === 0) fail(`location ${i} has the reserved id 0`, l.offset);
    if (locationById.get(l.id)) fail(`location ${i} repeats id ${l.id}`, l.offset);
    let mapping: ProfileMapping | null = null;
    if (l.mappingId !== 0) {
      mapping = mappingById.get(l.mappingId) ?? null;
      if (!mapping) fail(`location ${l.id} refers to mapping ${l.mappingId}, which does not exist`, l.offset);
    }
    const lines = l.lines.map((ln): ProfileLine => {
      const fn = functionById.get(ln.functionId);
      if (!fn) fail(`location ${l.id} refers to function ${ln.functionId}, which does not exist`, l.offset);
      return { function: fn!, line: ln.line };
    });
    const loc: ProfileLocation = { id: l.id, address: l.address, mapping, lines };
    locationById.set(l.id, loc);
    locationIndexById.set(l.id, i);
    return loc;
  });

  const nTypes = sampleTypes.length;
  const comments = w.commentXs.map((x, i) => str(x, `comment ${i}`));
  let defaultSampleType = nTypes - 1;
  if (w.defaultSampleTypeX !== 0) {
    const name = str(w.defaultSampleTypeX, 'default sample type');
    const found = sampleTypes.findIndex((t) => t.type === name);
    if (found >= 0) defaultSampleType = found;
  }

  const header: Omit<Profile, 'samples'> = {
    sampleTypes,
    mappings,
    locations,
    functions,
    dropFrames: str(w.dropFramesX, 'drop_frames'),
    keepFrames: str(w.keepFramesX, 'keep_frames'),
    timeNanos: w.timeNanos,
    durationNanos: w.durationNanos,
    periodType: w.periodType ? valueType(w.periodType, 'period type') : null,
    period: w.period,
    comments,
    defaultSampleType: Math.max(defaultSampleType, 0),
  };
  return { header, locationById, locationIndexById, strings, str, fail };
}
