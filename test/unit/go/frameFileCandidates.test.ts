// Where a printed stack file may be on this machine, in the order the extension tries them: the
// user's path mappings, the printed path, the analysis's match, the module cache, the workspace
// (go.mod module paths, then trailing path elements), GOROOT. Also the prefix "Map path…" offers.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { frameFileCandidates, mappedPath, mappingPrefix } from '../../../src/core/go/frameFileCandidates';
import { GoPathMapper } from '../../../src/core/go/goPathMapper';

const workspace = new GoPathMapper(
  ['/ws/shopd/main.go', '/ws/shopd/internal/store/db.go', '/ws/tools/main.go'],
  [{ dir: '/ws/shopd', path: 'shopd' }],
  { minSuffixElements: 2 },
);
const user = (file: string, fn = 'main.(*shop).slowSelect') => ({ file, function: fn });

describe('frameFileCandidates', () => {
  it('tries the path mappings first, longest prefix first, only at whole path elements', () => {
    const pathMappings = { '/build': '/a', '/build/svc': '/b/', '/buil': '/never' };
    assert.deepEqual(frameFileCandidates(user('/build/svc/main.go'), { pathMappings }), [
      '/b/main.go',
      '/a/svc/main.go',
      '/build/svc/main.go',
    ]);
    assert.deepEqual(frameFileCandidates(user('shopd/main.go'), { pathMappings: { 'shopd/': '/src/shopd' } }), [
      '/src/shopd/main.go',
    ]);
  });

  it('offers the printed path itself only when it is absolute', () => {
    assert.deepEqual(frameFileCandidates(user('/home/me/shopd/main.go'), {}), ['/home/me/shopd/main.go']);
    assert.deepEqual(frameFileCandidates(user('C:\\src\\shopd\\main.go'), {}), ['C:\\src\\shopd\\main.go']);
    assert.deepEqual(frameFileCandidates(user('shopd/main.go'), {}), []);
  });

  it('then the file the analysis matched, the module cache, the workspace, in that order', () => {
    const file = '/root/go/pkg/mod/shopd@v1.0.0/main.go';
    assert.deepEqual(
      frameFileCandidates(user(file, 'main.main'), {
        analysed: new Map([[file, '/roots/shopd/main.go']]),
        gomodcache: '/home/me/go/pkg/mod',
        workspace,
      }),
      [
        '/root/go/pkg/mod/shopd@v1.0.0/main.go',
        '/roots/shopd/main.go',
        '/home/me/go/pkg/mod/shopd@v1.0.0/main.go',
        '/ws/shopd/main.go',
      ],
    );
  });

  it('maps -trimpath module paths and paths from other machines through the workspace mapper', () => {
    assert.deepEqual(
      frameFileCandidates(user('shopd/internal/store/db.go', 'shopd/internal/store.Get'), { workspace }),
      ['/ws/shopd/internal/store/db.go'],
    );
    assert.deepEqual(frameFileCandidates(user('/ci/x/tools/main.go'), { workspace }), [
      '/ci/x/tools/main.go',
      '/ws/tools/main.go',
    ]);
    assert.deepEqual(
      frameFileCandidates(user('/ci/x/main.go'), { workspace }),
      ['/ci/x/main.go'],
      'two main.go: ambiguous',
    );
  });

  it('opens standard-library frames from GOROOT/src, never user frames', () => {
    const goroot = '/usr/lib/go-1.27';
    assert.deepEqual(
      frameFileCandidates(
        { file: '/opt/go/src/net/http/server.go', function: 'net/http.(*conn).serve' },
        { goroot, workspace },
      ),
      ['/opt/go/src/net/http/server.go', '/usr/lib/go-1.27/src/net/http/server.go'],
    );
    assert.deepEqual(
      frameFileCandidates({ file: 'runtime/proc.go', function: 'runtime.gopark' }, { goroot: 'C:\\Go\\' }),
      ['C:\\Go/src/runtime/proc.go'],
    );
    assert.deepEqual(frameFileCandidates(user('/home/me/src/net/x.go'), { goroot }), ['/home/me/src/net/x.go']);
  });

  it('lists each path once', () => {
    const file = '/ws/shopd/main.go';
    assert.deepEqual(
      frameFileCandidates(user(file, 'main.main'), {
        analysed: new Map([[file, file]]),
        workspace,
        pathMappings: { '/ws': '/ws' },
      }),
      ['/ws/shopd/main.go'],
    );
  });
});

describe('mappingPrefix and mappedPath', () => {
  it('offers the module (first element) of a relative path, the folder of an absolute one', () => {
    assert.equal(mappingPrefix('shopd/internal/store/db.go'), 'shopd');
    assert.equal(mappingPrefix('/home/ci/src/app/main.go'), '/home/ci/src/app');
    assert.equal(mappingPrefix('C:\\build\\app\\main.go'), 'C:\\build\\app');
  });

  it('replaces the prefix by the folder, at whole path elements only', () => {
    assert.equal(mappedPath('/home/ci/src/app/main.go', '/home/ci/src/app', '/ws/app'), '/ws/app/main.go');
    assert.equal(mappedPath('shopd/main.go', 'shopd', '/ws/shopd/'), '/ws/shopd/main.go');
    assert.equal(mappedPath('shopd2/main.go', 'shopd', '/ws/shopd'), null);
  });
});
