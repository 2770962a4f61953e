// The one formatter of counts, waits and sizes every view prints with.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  bytesText,
  countText,
  mebibytesText,
  mergeWaitRanges,
  minuteSpanText,
  minutesText,
  numberText,
  sampleValueText,
  waitRangeText,
} from '../../../src/core/present/format';

describe('counts', () => {
  it('groups thousands the same way in every locale and says one in the singular', () => {
    assert.equal(numberText(24000), '24,000');
    assert.equal(countText(1, 'goroutine'), '1 goroutine');
    assert.equal(countText(0, 'group'), '0 groups');
    assert.equal(countText(100_000, 'suspect goroutine'), '100,000 suspect goroutines');
  });

  it('groups integers by hand exactly as en-US does, and leaves the rest to it', () => {
    const values = [0, -0, 1, -1, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -24_000_001, 2 ** 53 - 1, -(2 ** 53)];
    for (let d = 1; d < 1e15; d *= 7) values.push(d, -d, d + 0.5, d / 3);
    for (const v of values) assert.equal(numberText(v), v.toLocaleString('en-US'), String(v));
  });
});

describe('waits', () => {
  it('says nothing when no goroutine printed minutes: "0 min" would claim a wait nobody saw', () => {
    assert.equal(waitRangeText(null), null);
    assert.equal(waitRangeText([0, 0]), null);
    assert.equal(waitRangeText([0, 0], { style: 'upTo' }), null);
  });
  it("prints a group's own range as a span, and a line of several groups as its longest wait", () => {
    assert.equal(waitRangeText([2, 2]), '2 min');
    assert.equal(waitRangeText([0, 5]), '0–5 min');
    assert.equal(waitRangeText([1, 2], { style: 'span' }), '1–2 min');
    assert.equal(waitRangeText([1, 2], { style: 'upTo' }), 'up to 2 min');
    assert.equal(waitRangeText([2, 2], { style: 'upTo' }), 'up to 2 min');
  });
  it('names the minutes under one as the runtime leaves them: unprinted', () => {
    assert.equal(minutesText(0), '< 1 min');
    assert.equal(minutesText(7), '7 min');
    assert.equal(minuteSpanText(10, 29), '10–29 min');
    assert.equal(minuteSpanText(3, 3), '3 min');
  });
  it('merges the ranges of one line, ignoring groups without minutes', () => {
    assert.deepEqual(mergeWaitRanges([null, [1, 2], [0, 7], null]), [0, 7]);
    assert.equal(mergeWaitRanges([null, null]), null);
    assert.equal(mergeWaitRanges([]), null);
  });
});

describe('sizes', () => {
  it('uses binary units with one decimal from a KiB on', () => {
    assert.equal(bytesText(0), '0 B');
    assert.equal(bytesText(1023), '1023 B');
    assert.equal(bytesText(1024), '1.0 KiB');
    assert.equal(bytesText(1536), '1.5 KiB');
    assert.equal(bytesText(32 * 1048576), '32.0 MiB');
    assert.equal(bytesText(-2048), '-2.0 KiB');
  });
  it('prints progress through large inputs in MiB, whole ones from 10 MiB on', () => {
    assert.equal(mebibytesText(0), '0.0 MiB');
    assert.equal(mebibytesText(1572864), '1.5 MiB');
    assert.equal(mebibytesText(118 * 1048576 + 400000), '118 MiB');
  });
  it("prints a profile's values by their unit", () => {
    assert.equal(sampleValueText(2048, 'bytes'), '2.0 KiB');
    assert.equal(sampleValueText(2048, 'count'), '2,048');
  });
});
