// Deliberately failing; see index.ts.
import * as assert from 'node:assert/strict';

describe('failure reporting probe', () => {
  it('fails on purpose', () => {
    assert.equal(1 + 1, 3);
  });
});
