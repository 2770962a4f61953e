// Go function names as printed in stacks: package, standard library or not, closures.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  closureParent,
  isSameOrClosureOf,
  isStdlibFunction,
  packageOf,
  shortFunctionName,
} from '../../../src/core/go/functionNames';

describe('functionNames', () => {
  it('finds the package of printed function names', () => {
    assert.equal(packageOf('net/http.(*conn).serve'), 'net/http');
    assert.equal(packageOf('main.(*shop).slowSelect'), 'main');
    assert.equal(packageOf('main.main.labeled.func1.1'), 'main');
    assert.equal(packageOf('github.com/acme/app/internal/db.(*Store).Query'), 'github.com/acme/app/internal/db');
    assert.equal(packageOf('gopkg.in/yaml.v3.(*decoder).unmarshal'), 'gopkg.in/yaml.v3');
    assert.equal(packageOf('google.golang.org/grpc.(*Server).processUnaryRPC'), 'google.golang.org/grpc');
  });

  it('tells the standard library from user code, including -trimpath module names without dots', () => {
    for (const fn of [
      'net/http.HandlerFunc.ServeHTTP',
      'runtime.gopark',
      'internal/poll.(*FD).Read',
      'context.propagateCancel.func1',
      'sync.(*Mutex).Lock',
      'io.(*pipe).read',
    ]) {
      assert.equal(isStdlibFunction(fn), true, fn);
    }
    for (const fn of [
      'main.(*shop).slowSelect',
      'shopd/internal/store.Get',
      'github.com/x/y.F',
      'leakyapi/handlers.(*api).search',
    ]) {
      assert.equal(isStdlibFunction(fn), false, fn);
    }
  });

  it('maps closures and go wrappers to the function that defines them', () => {
    assert.equal(closureParent('main.(*shop).spawnSend.func1'), 'main.(*shop).spawnSend');
    assert.equal(closureParent('main.labeled.func1.1'), 'main.labeled');
    assert.equal(
      closureParent('net/http.(*connReader).startBackgroundRead.gowrap2'),
      'net/http.(*connReader).startBackgroundRead',
    );
    assert.equal(closureParent('main.(*shop).worker'), null);
    assert.equal(isSameOrClosureOf('main.(*api).search.func1', 'main.(*api).search'), true);
    assert.equal(isSameOrClosureOf('main.(*api).searchAll.func1', 'main.(*api).search'), false);
    assert.equal(shortFunctionName('github.com/acme/app/db.(*S).Q'), 'db.(*S).Q');
  });

  it('counts experiments in GOROOT and compiler symbols as the standard library (one list for every view)', () => {
    assert.equal(isStdlibFunction('arena.(*Arena).New'), true);
    assert.equal(isStdlibFunction('simd.LoadInt8x16'), true);
    assert.equal(isStdlibFunction('type:.eq.main.T'), true);
    assert.equal(isStdlibFunction('go:buildid'), true);
  });

  it('shortens names for sentences and, without main., for narrow views', () => {
    assert.equal(shortFunctionName('net/http.(*conn).serve'), 'http.(*conn).serve');
    assert.equal(shortFunctionName('main.(*shop).slowSelect'), 'main.(*shop).slowSelect');
    assert.equal(shortFunctionName('main.(*shop).slowSelect', { dropMain: true }), '(*shop).slowSelect');
    assert.equal(shortFunctionName('example.com/m/pkg.F', { dropMain: true }), 'pkg.F');
    // A slash inside type arguments is not the package path's.
    assert.equal(shortFunctionName('example.com/m/pkg.(*Cache[...]).Get'), 'pkg.(*Cache[...]).Get');
  });
});
