// The "Run it" demo (started by scripts/demo.sh after setup, provisioning and packaging):
// code-server with the packaged extension in its own profile, the leaky demo Go service under
// load, its folder open as the workspace. Stays in the foreground; Ctrl-C stops everything.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { startCodeServer, type CodeServer } from '../test/e2e/harness/codeServer';
import { startGoService, type GoService } from '../test/e2e/harness/goService';
import { repoRoot } from '../test/e2e/harness/repoPaths';

const port = Number(process.env.PORT ?? 8080);
const servicePort = Number(process.env.DEMO_SERVICE_PORT ?? 6060);
const vsix = process.argv[2];

async function main(): Promise<void> {
  if (!vsix || !existsSync(vsix)) throw new Error(`demo: pass the packaged .vsix (got ${vsix ?? 'nothing'})`);
  const serviceDir = path.join(repoRoot, 'demo', 'service');
  const hasService = existsSync(serviceDir);
  const workspace = hasService ? serviceDir : path.join(repoRoot, 'test', 'integration', 'workspace');

  let service: GoService | undefined;
  let server: CodeServer | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\ndemo: stopping code-server and the demo service…');
    await Promise.allSettled([server?.stop(), service?.stop()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (hasService) {
    console.log(`demo: building and starting demo/service on 127.0.0.1:${servicePort} with -load`);
    service = await startGoService(serviceDir, ['-load'], { port: servicePort });
    void service.exited.then((code) => {
      if (!stopping) console.error(`demo: the demo service exited (${code}); see ${service?.logFile}`);
    });
  } else {
    console.log('demo: demo/service does not exist yet; opening a small sample workspace instead');
  }
  try {
    server = await startCodeServer({ label: 'demo', port, installVsix: [vsix], keepProfile: false });
  } catch (err) {
    await service?.stop();
    throw new Error(
      `demo: starting code-server on 127.0.0.1:${port} (is the port free? set PORT=…): ${(err as Error).message}`,
      { cause: err },
    );
  }
  console.log('');
  console.log(`  Goroutine Inspector is running in VS Code at:`);
  console.log(`    ${server.folderUrl(workspace)}`);
  if (service) console.log(`  Leaky demo service (pprof at /debug/pprof/): ${service.url}`);
  console.log(`  Logs: ${server.logFile}${service ? `, ${service.logFile}` : ''}`);
  console.log('  Press Ctrl-C to stop.');
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
