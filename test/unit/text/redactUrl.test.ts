// redactUrls: no user name or password of a URL survives into a message.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { hasUserinfo, redactUrls } from '../../../src/core/text/redactUrl';

describe('redactUrls', () => {
  it('replaces user and password in every URL of a message', () => {
    assert.equal(
      redactUrls('Could not fetch http://user:secret@h:6060/debug/pprof: see http://u:p@other/x'),
      'Could not fetch http://***@h:6060/debug/pprof: see http://***@other/x',
    );
  });

  it('takes the authority up to its last @, as the URL parser does', () => {
    const url = 'https://user:p@ss@host:1/debug/pprof';
    assert.equal(new URL(url).password, 'p%40ss');
    assert.equal(redactUrls(url), 'https://***@host:1/debug/pprof');
  });

  it('catches the forms the parser accepts for http(s): no slashes, backslashes, upper case', () => {
    for (const url of ['http:user:secret@h/x', 'HTTP://user:secret@h/x', 'http:\\\\user:secret@h/x']) {
      assert.equal(new URL(url).password, 'secret', url);
      assert.ok(!redactUrls(url).includes('secret'), redactUrls(url));
      assert.ok(hasUserinfo(url), url);
    }
  });

  it('redacts a user name alone, and URLs of other schemes', () => {
    assert.equal(redactUrls('ftp://token@h/x'), 'ftp://***@h/x');
    assert.equal(redactUrls('http://token@h'), 'http://***@h');
  });

  it('leaves URLs without userinfo, and @ in paths and queries, alone', () => {
    for (const s of [
      'http://127.0.0.1:6060/debug/pprof',
      'http://h/path@x',
      'http://h/?mail=a@b',
      'http://h#a@b',
      'goroutine 1 [chan send]: user@host said',
    ]) {
      assert.equal(redactUrls(s), s);
      assert.equal(hasUserinfo(s), false, s);
    }
  });
});
