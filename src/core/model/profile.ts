// The decoded pprof protobuf (perftools.profiles.Profile) with ids resolved and strings inlined.
// Every 64-bit value is a JavaScript number (the decoder's one number policy: exact up to 2^53,
// which covers every count, byte size and nanosecond duration a real profile holds; larger values
// are rejected with a clear error rather than silently rounded). The exception is values that are
// labels rather than quantities, `timeNanos`/`durationNanos` and addresses (mapping bounds, file
// offset, location address): real profiles exceed 2^53 there (a timestamp is ~1.8e18 ns), so above
// 2^53 they hold the nearest double.

export interface ValueType {
  readonly type: string; // e.g. "inuse_space", "goroutine"
  readonly unit: string; // e.g. "bytes", "count"
}

export interface ProfileFunction {
  readonly id: number;
  readonly name: string;
  readonly systemName: string;
  readonly filename: string;
  readonly startLine: number;
}

/** One line of a location; the first entry of `Location.lines` is the innermost (inlined) call. */
export interface ProfileLine {
  readonly function: ProfileFunction;
  readonly line: number;
}

export interface ProfileMapping {
  readonly id: number;
  readonly memoryStart: number;
  readonly memoryLimit: number;
  readonly fileOffset: number;
  readonly filename: string;
  readonly buildId: string;
}

export interface ProfileLocation {
  readonly id: number;
  readonly address: number;
  readonly mapping: ProfileMapping | null;
  /** Innermost first; more than one entry means inlined frames share this address. */
  readonly lines: readonly ProfileLine[];
}

export interface ProfileSample {
  /** Innermost first. */
  readonly locations: readonly ProfileLocation[];
  /** One value per `Profile.sampleTypes` entry. */
  readonly values: readonly number[];
  /** String labels (`route` → `/slow-select`). */
  readonly labels: Readonly<Record<string, string>>;
  /** Numeric labels with their unit (`bytes` → 262144). */
  readonly numLabels: Readonly<Record<string, number>>;
}

export interface Profile {
  readonly sampleTypes: readonly ValueType[];
  readonly samples: readonly ProfileSample[];
  readonly mappings: readonly ProfileMapping[];
  readonly locations: readonly ProfileLocation[];
  readonly functions: readonly ProfileFunction[];
  readonly dropFrames: string;
  readonly keepFrames: string;
  readonly timeNanos: number;
  readonly durationNanos: number;
  readonly periodType: ValueType | null;
  readonly period: number;
  readonly comments: readonly string[];
  /** Index into `sampleTypes` of the default sample type (`default_sample_type`), or the last one. */
  readonly defaultSampleType: number;
  /** What a decoder could read only in part (a legacy text profile without symbols); absent when nothing. */
  readonly warnings?: readonly string[];
}
