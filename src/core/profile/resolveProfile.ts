// Phase 3 of decoding: ids and string indexes of the wire tables become object references and
// strings, and everything that refers to something is checked to exist (google/pprof's
// postDecode + CheckValid). Errors name the record and its byte offset in the decompressed input.
import { InputError } from '../inputError';
import type {
  Profile, ProfileFunction, ProfileLine, ProfileLocation, ProfileMapping, ProfileSample, ValueType,
} from '../model/profile';
import type { WireLabel, WireProfile, WireValueType } from './profileWire';

const EMPTY_LABELS: Readonly<Record<string, string>> = Object.freeze({});
const EMPTY_NUM_LABELS: Readonly<Record<string, number>> = Object.freeze({});

/** Ids are usually 1..n; a dense array beats a Map, but only when the ids are not sparse. */
class IdTable<T> {
  private readonly dense: (T | undefined)[] = [];
  private readonly sparse = new Map<number, T>();
  private readonly denseLimit: number;

  constructor(count: number) {
    this.denseLimit = count * 4 + 1024;
  }

  get(id: number): T | undefined {
    return id < this.denseLimit ? this.dense[id] : this.sparse.get(id);
  }

  set(id: number, value: T): void {
    if (id < this.denseLimit) this.dense[id] = value;
    else this.sparse.set(id, value);
  }
}

export function resolveProfile(w: WireProfile, input: string): Profile {
  const fail = (problem: string, offset?: number): never => {
    throw new InputError(problem, { stage: 'validating profile', input, offset });
  };
  const strings = w.strings;
  if (strings.length === 0) fail('the string table is empty (it must start with "")');
  if (strings[0] !== '') fail(`the string table must start with "", not "${strings[0]!.slice(0, 40)}"`, w.stringOffsets[0]);
  const str = (index: number, what: string, offset?: number): string => {
    const s = strings[index];
    if (s === undefined) fail(`${what} refers to string ${index}, but the string table has ${strings.length} entries`, offset);
    return s!;
  };
  const valueType = (vt: WireValueType, what: string): ValueType => ({
    type: str(vt.typeX, `${what} type`), unit: str(vt.unitX, `${what} unit`),
  });

  const sampleTypes = w.sampleTypes.map((vt, i) => valueType(vt, `sample type ${i}`));

  const mappingById = new IdTable<ProfileMapping>(w.mappings.length);
  const mappings = w.mappings.map((m, i): ProfileMapping => {
    if (m.id === 0) fail(`mapping ${i} has the reserved id 0`, m.offset);
    if (mappingById.get(m.id)) fail(`mapping ${i} repeats id ${m.id}`, m.offset);
    const mapping: ProfileMapping = {
      id: m.id, memoryStart: m.memoryStart, memoryLimit: m.memoryLimit, fileOffset: m.fileOffset,
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
    return loc;
  });

  const nTypes = sampleTypes.length;
  const samples = new Array<ProfileSample>(w.samples.length);
  for (let i = 0; i < w.samples.length; i++) {
    const s = w.samples[i]!;
    if (s.values.length !== nTypes) {
      fail(`sample ${i} has ${s.values.length} values but the profile has ${nTypes} sample types`, s.offset);
    }
    const ids = s.locationIds;
    const locs = new Array<ProfileLocation>(ids.length);
    for (let j = 0; j < ids.length; j++) {
      const loc = locationById.get(ids[j]!);
      if (!loc) fail(`sample ${i} refers to location ${ids[j]}, which does not exist`, s.offset);
      locs[j] = loc!;
    }
    let labels = EMPTY_LABELS;
    let numLabels = EMPTY_NUM_LABELS;
    if (s.labels) [labels, numLabels] = resolveLabels(s.labels, str, i, s.offset);
    samples[i] = { locations: locs, values: s.values, labels, numLabels };
  }

  const comments = w.commentXs.map((x, i) => str(x, `comment ${i}`));
  let defaultSampleType = nTypes - 1;
  if (w.defaultSampleTypeX !== 0) {
    const name = str(w.defaultSampleTypeX, 'default sample type');
    const found = sampleTypes.findIndex((t) => t.type === name);
    if (found >= 0) defaultSampleType = found;
  }

  return {
    sampleTypes, samples, mappings, locations, functions,
    dropFrames: str(w.dropFramesX, 'drop_frames'),
    keepFrames: str(w.keepFramesX, 'keep_frames'),
    timeNanos: w.timeNanos,
    durationNanos: w.durationNanos,
    periodType: w.periodType ? valueType(w.periodType, 'period type') : null,
    period: w.period,
    comments,
    defaultSampleType: Math.max(defaultSampleType, 0),
  };
}

/** A label is a string label when it has a string, else numeric (google/pprof's rule). */
function resolveLabels(
  wire: readonly WireLabel[], str: (i: number, what: string, offset?: number) => string, sample: number, offset: number,
): [Record<string, string>, Record<string, number>] {
  let labels: Record<string, string> | null = null;
  let numLabels: Record<string, number> | null = null;
  for (const l of wire) {
    const key = str(l.keyX, `sample ${sample} label key`, offset);
    if (l.strX !== 0) {
      labels ??= Object.create(null) as Record<string, string>; // keys are untrusted: no prototype
      // Keep the first value of a repeated key, as the model holds one value per key.
      if (!(key in labels)) labels[key] = str(l.strX, `sample ${sample} label "${key}"`, offset);
    } else if (l.num !== 0 || l.unitX !== 0) {
      if (l.unitX !== 0) str(l.unitX, `sample ${sample} label "${key}" unit`, offset);
      numLabels ??= Object.create(null) as Record<string, number>;
      if (!(key in numLabels)) numLabels[key] = l.num;
    }
  }
  return [labels ?? EMPTY_LABELS, numLabels ?? EMPTY_NUM_LABELS];
}
