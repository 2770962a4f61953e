// A profile as its tables (sample types, locations, functions, mappings: the model's objects) and
// its samples read one at a time into reused typed arrays. Everything that runs over every sample
// (top, flame graph, held memory) reads a profile through this, so a 300k-sample heap profile
// costs its bytes and small tables instead of an object graph ten times their size.
// `decodeProfile` hands out Profiles whose `samples` are only built when someone reads them;
// `tablesOf` gives any Profile's tables: the decoder's own for those, an adapter over the model's
// samples for the others (heap text, profiles made in tests).
import type { Profile, ProfileLocation } from '../model/profile';
import { decodeSamples } from './decodeSamples';
import { decodeProfileWire } from './profileWire';
import { resolveTables } from './resolveProfile';
import { SampleWalker } from './sampleWalker';

/** Reads samples by index; the arrays are reused by the next `read`. */
export interface SampleCursor {
  readonly count: number;
  /** Location indexes (into the tables' `locations`) of the sample read last, innermost first. */
  readonly locations: Int32Array;
  /** How many entries of `locations` belong to it. */
  readonly depth: number;
  /** Its value per sample type. */
  readonly values: ArrayLike<number>;
  read(i: number): void;
}

export interface ProfileTables {
  /** The profile without its samples. */
  readonly header: Omit<Profile, 'samples'>;
  readonly sampleCount: number;
  /** A fresh cursor over the samples (cursors are independent). */
  cursor(): SampleCursor;
}

const decoded = new WeakMap<Profile, ProfileTables>();

/**
 * Raw (decompressed) protobuf → a Profile whose samples are checked now (every error of the
 * eager decoder, with its message and offset) and built into objects on first access.
 */
export function decodeProfileLazily(bytes: Uint8Array, input: string): Profile {
  const wire = decodeProfileWire(bytes, input);
  const t = resolveTables(wire, input);
  // Location ids are usually 1..n: a typed array answers most lookups, the id table the rest.
  const locs = t.header.locations;
  const dense = new Int32Array(Math.min(locs.length * 4 + 1024, 1 << 24));
  locs.forEach((l, i) => {
    if (l.id < dense.length) dense[l.id] = i + 1;
  });
  const ctx = {
    input,
    sampleTypeCount: t.header.sampleTypes.length,
    denseLocationIndex: dense,
    sparseLocationIndex: (id: number) => t.locationIndexById.get(id),
    stringCount: t.strings.length,
    stringAt: (i: number) => t.strings[i] ?? '',
    fail: t.fail,
  };
  const check = new SampleWalker(bytes, wire.samples, ctx);
  for (let i = 0; i < check.count; i++) check.read(i);
  const tables: ProfileTables = {
    header: t.header,
    sampleCount: wire.samples.count,
    cursor: () => new SampleWalker(bytes, wire.samples, ctx),
  };
  let samples: Profile['samples'] | null = null;
  const profile = Object.defineProperty({ ...t.header }, 'samples', {
    enumerable: true,
    get: () =>
      (samples ??= decodeSamples(bytes, wire.samples, {
        input,
        sampleTypeCount: t.header.sampleTypes.length,
        locations: t.locationById,
        str: t.str,
        fail: t.fail,
      })),
  }) as Profile;
  decoded.set(profile, tables);
  return profile;
}

/** The tables of any profile: the decoder's for a decoded one, else read through its samples. */
export function tablesOf(profile: Profile): ProfileTables {
  return decoded.get(profile) ?? modelTables(profile);
}

function modelTables(profile: Profile): ProfileTables {
  const locations: ProfileLocation[] = [...profile.locations];
  const index = new Map<ProfileLocation, number>();
  locations.forEach((l, i) => index.set(l, i));
  // A hand-made profile may name locations in samples only: give them indexes too.
  for (const s of profile.samples) {
    for (const l of s.locations) {
      if (!index.has(l)) {
        index.set(l, locations.length);
        locations.push(l);
      }
    }
  }
  const header: Omit<Profile, 'samples'> = { ...profile, locations };
  delete (header as { samples?: unknown }).samples;
  return {
    header,
    sampleCount: profile.samples.length,
    cursor: () => {
      const c = {
        count: profile.samples.length,
        locations: new Int32Array(64),
        depth: 0,
        values: [] as readonly number[],
        read(i: number) {
          const s = profile.samples[i]!;
          if (s.locations.length > c.locations.length) c.locations = new Int32Array(s.locations.length * 2);
          for (let k = 0; k < s.locations.length; k++) c.locations[k] = index.get(s.locations[k]!)!;
          c.depth = s.locations.length;
          c.values = s.values;
        },
      };
      return c;
    },
  };
}
