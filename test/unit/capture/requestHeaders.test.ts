// Headers as users write them (`Name: value`), the checks that keep a value from injecting headers
// of its own, and messages that name a header but never quote its value.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkHeaders, parseHeader, parseHeaderLines } from '../../../src/core/capture/requestHeaders';

describe('request headers', () => {
  it('reads Name: value, trimming around both', () => {
    assert.deepEqual(parseHeader('Authorization: Bearer a.b.c'), ['Authorization', 'Bearer a.b.c']);
    assert.deepEqual(parseHeader('  X-Api-Key:k:with:colons  '), ['X-Api-Key', 'k:with:colons']);
    assert.deepEqual(parseHeader('X-Empty:'), ['X-Empty', '']);
  });

  it('refuses what is not a header without quoting a value or a bare token', () => {
    assert.throws(
      () => parseHeader('sk-live-123'),
      (e: Error) => !e.message.includes('sk-live'),
    );
    assert.throws(() => parseHeader(': v'), /Name: value/);
    assert.throws(() => parseHeader('Bad Name: v'), /"Bad Name" is not a valid header name/);
    assert.throws(
      () => parseHeader('X-Api-Key: k\rX-Evil: 1'),
      (e: Error) => /X-Api-Key/.test(e.message) && !e.message.includes('Evil'),
    );
    assert.throws(() => parseHeader('X: a\u0000b'), /control character/);
  });

  it('checks headers built elsewhere the same way', () => {
    checkHeaders({ Authorization: 'Bearer x', 'X-Tab': 'a\tb' });
    assert.throws(() => checkHeaders({ 'X-Api-Key': 'k\nX-Evil: 1' }), /X-Api-Key/);
    assert.throws(() => checkHeaders({ 'Bad:Name': 'v' }), /not a valid header name/);
  });

  it('reads lines of a file or variable, skipping blanks and comments, naming the bad line', () => {
    assert.deepEqual(parseHeaderLines('# token\r\nAuthorization: Bearer t\n\nX-Env: prod\n', 'f'), {
      Authorization: 'Bearer t',
      'X-Env': 'prod',
    });
    assert.throws(() => parseHeaderLines('X-Ok: 1\nsecret-token\n', 'headers.txt'), /^Error: headers\.txt, line 2: /);
  });
});
