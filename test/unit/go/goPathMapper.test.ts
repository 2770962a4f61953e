// Stack paths from other machines, -trimpath builds, the module cache and GOROOT, mapped to files
// under a source root by go.mod module path and longest suffix.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  GoPathMapper,
  gorootRelativePath,
  moduleCacheRelativePath,
  parseGoModModulePath,
} from '../../../src/core/go/goPathMapper';

const files = [
  '/ws/shopd/main.go',
  '/ws/shopd/internal/store/db.go',
  '/ws/shopd/internal/cache/db.go',
  '/ws/lib/go.mod',
  '/ws/lib/x.go',
  '/ws/lib/sub/y.go',
  '/ws/other/main.go',
];
const modules = [
  { dir: '/ws/shopd', path: 'shopd' },
  { dir: '/ws/lib', path: 'example.com/lib' },
];
const m = new GoPathMapper(
  files.filter((f) => f.endsWith('.go')),
  modules,
);

describe('GoPathMapper', () => {
  it('maps -trimpath module-relative paths by module path', () => {
    assert.equal(m.resolve('shopd/main.go', 'main.main'), '/ws/shopd/main.go');
    assert.equal(
      m.resolve('shopd/internal/store/db.go', 'shopd/internal/store.(*DB).Query'),
      '/ws/shopd/internal/store/db.go',
    );
  });

  it('maps absolute paths from another machine by module path inside the path', () => {
    assert.equal(m.resolve('/home/gopher/src/shopd/main.go', 'main.(*shop).slowSelect'), '/ws/shopd/main.go');
  });

  it('maps module-cache paths with @version and escaped capitals', () => {
    assert.equal(
      m.resolve('/root/go/pkg/mod/example.com/lib@v1.2.3/sub/y.go', 'example.com/lib/sub.F'),
      '/ws/lib/sub/y.go',
    );
    assert.equal(m.resolve('example.com/lib@v1.2.3/x.go'), '/ws/lib/x.go');
  });

  it('uses the function package to pick among files with the same name', () => {
    assert.equal(
      m.resolve('/build/agent/work/internal/cache/db.go', 'shopd/internal/cache.Get'),
      '/ws/shopd/internal/cache/db.go',
    );
  });

  it('falls back to the longest unambiguous suffix, and refuses ties', () => {
    assert.equal(m.resolve('/ci/checkout/internal/store/db.go'), '/ws/shopd/internal/store/db.go');
    assert.equal(m.resolve('/ci/checkout/main.go'), null, 'two main.go files share only their base name');
  });

  it('never maps standard-library frames (GOROOT paths) into the workspace', () => {
    assert.equal(m.resolve('/usr/lib/go-1.27/src/net/http/server.go', 'net/http.(*conn).serve'), null);
    assert.equal(m.resolve('net/http/server.go', 'net/http.HandlerFunc.ServeHTTP'), null);
  });

  it('takes a unique base name alone by default, and refuses it when asked for more trailing elements', () => {
    // The analysis checks the declaration at the line (SourceLookup); a file opened for a person is
    // not checked, so the extension asks for at least the file's folder to match.
    assert.equal(m.resolve('/elsewhere/x.go'), '/ws/lib/x.go');
    const strict = new GoPathMapper(
      files.filter((f) => f.endsWith('.go')),
      modules,
      { minSuffixElements: 2 },
    );
    assert.equal(strict.resolve('/elsewhere/x.go'), null);
    assert.equal(strict.resolve('/ci/checkout/lib/x.go'), '/ws/lib/x.go');
    assert.equal(strict.resolve('/ci/checkout/internal/store/db.go'), '/ws/shopd/internal/store/db.go');
    assert.equal(strict.resolve('shopd/main.go', 'main.main'), '/ws/shopd/main.go', 'go.mod paths are not suffixes');
  });

  it('accepts Windows separators', () => {
    assert.equal(m.resolve('C:\\build\\shopd\\main.go', 'main.main'), '/ws/shopd/main.go');
  });

  it('reads the module path of go.mod', () => {
    assert.equal(parseGoModModulePath('// comment\nmodule example.com/m/v2\n\ngo 1.22\n'), 'example.com/m/v2');
    assert.equal(parseGoModModulePath('module "quoted/path"\n'), 'quoted/path');
    assert.equal(parseGoModModulePath('go 1.19\n'), null);
  });
});

describe('gorootRelativePath', () => {
  it('gives the GOROOT/src-relative path of standard-library frames, absolute or -trimpath', () => {
    assert.equal(
      gorootRelativePath('/usr/lib/go-1.27/src/net/http/server.go', 'net/http.(*conn).serve'),
      'net/http/server.go',
    );
    assert.equal(gorootRelativePath('net/http/server.go', 'net/http.HandlerFunc.ServeHTTP'), 'net/http/server.go');
    assert.equal(gorootRelativePath('/usr/local/go/src/runtime/asm_amd64.s', 'runtime.goexit'), 'runtime/asm_amd64.s');
    assert.equal(gorootRelativePath('C:\\Go\\src\\sync\\mutex.go', 'sync.(*Mutex).Lock'), 'sync/mutex.go');
    assert.equal(gorootRelativePath('shopd/main.go', 'main.main'), null);
  });
});

describe('moduleCacheRelativePath', () => {
  it('gives the GOMODCACHE-relative path of a module-cache file, absolute or -trimpath', () => {
    assert.equal(
      moduleCacheRelativePath('/root/go/pkg/mod/github.com/!azure/sdk@v1.2.3/client.go'),
      'github.com/!azure/sdk@v1.2.3/client.go',
      'the cache spells capitals escaped, so the escape stays',
    );
    assert.equal(
      moduleCacheRelativePath('C:\\Users\\me\\go\\pkg\\mod\\example.com\\m@v0.1.0\\x.go'),
      'example.com/m@v0.1.0/x.go',
    );
    assert.equal(moduleCacheRelativePath('example.com/lib@v1.2.3/sub/y.go'), 'example.com/lib@v1.2.3/sub/y.go');
  });

  it('is null for files outside the module cache', () => {
    assert.equal(moduleCacheRelativePath('/home/gopher/src/shopd/main.go'), null);
    assert.equal(moduleCacheRelativePath('shopd/main.go'), null);
    assert.equal(moduleCacheRelativePath('/usr/lib/go-1.27/src/net/http/server.go'), null);
  });
});
