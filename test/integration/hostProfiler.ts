// A CPU profile of the extension host's main thread, taken from inside it (the suites run there)
// through node:inspector, when GI_HOST_CPU_PROFILE names a file: what blocked the event loop,
// function by function, readable in Chrome's DevTools or speedscope. Off by default (the profiler
// itself makes the loop slower). Bundled into the suites by scripts/buildIntegrationTests.mjs.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

export interface HostProfiler {
  /** Stops and writes the profile; resolves with its path, or null when profiling was off. */
  stop(): Promise<string | null>;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

export async function startHostProfiler(file = process.env.GI_HOST_CPU_PROFILE): Promise<HostProfiler> {
  if (!file) return { stop: () => Promise.resolve(null) };
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  // 200 µs: fine enough to see what a 50 ms gap is made of.
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
