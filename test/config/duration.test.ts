import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DurationError,
  formatDuration,
  formatDurationNs,
  parseDuration,
  parseDurationNs,
} from '../../src/config/index.js';

const ns = 1n;
const us = 1000n;
const ms = 1000n * us;
const s = 1000n * ms;
const m = 60n * s;
const h = 60n * m;

// Vectors as Go's time.ParseDuration behaves (from its documented semantics and tests).
const parseVectors: [string, bigint][] = [
  ['0', 0n],
  ['5s', 5n * s],
  ['30s', 30n * s],
  ['1478s', 1478n * s],
  ['-5s', -5n * s],
  ['+5s', 5n * s],
  ['-0', 0n],
  ['+0', 0n],
  ['5.0s', 5n * s],
  ['5.6s', 5n * s + 600n * ms],
  ['5.s', 5n * s],
  ['.5s', 500n * ms],
  ['1.004s', s + 4n * ms],
  ['100.00100s', 100n * s + ms],
  ['10ns', 10n * ns],
  ['11us', 11n * us],
  ['12\u00b5s', 12n * us],
  ['12\u03bcs', 12n * us],
  ['13ms', 13n * ms],
  ['15m', 15n * m],
  ['16h', 16n * h],
  ['72h', 72n * h],
  ['1h30m', h + 30n * m],
  ['3h30m', 3n * h + 30n * m],
  ['10.5s4m', 4n * m + 10n * s + 500n * ms],
  ['-2m3.4s', -(2n * m + 3n * s + 400n * ms)],
  ['1h2m3s4ms5us6ns', h + 2n * m + 3n * s + 4n * ms + 5n * us + 6n * ns],
  ['39h9m14.425s', 39n * h + 9n * m + 14n * s + 425n * ms],
  ['52763797000ns', 52763797000n],
  ['0.3333333333333333333h', 20n * m],
  ['9007199254740993ns', 9007199254740993n],
  ['9223372036854775807ns', 9223372036854775807n],
  ['9223372036854775.807us', 9223372036854775807n],
  ['9223372036s854ms775us807ns', 9223372036854775807n],
  ['-9223372036854775808ns', -9223372036854775808n],
];

test('parseDurationNs accepts what Go accepts, to the nanosecond', () => {
  for (const [text, want] of parseVectors) {
    assert.equal(parseDurationNs(text), want, text);
  }
});

test('parseDurationNs rejects what Go rejects, with Go-like reasons', () => {
  for (const bad of ['', '3', '-', 's', '.', '-.', '.s', '+.s', '1d', '1 h', 'h1', '9223372036854775808ns', '9223372036854775.808us', '3000000h']) {
    assert.throws(() => parseDurationNs(bad), DurationError, JSON.stringify(bad));
  }
  assert.throws(() => parseDurationNs('3'), /missing unit in duration "3"/);
  assert.throws(() => parseDurationNs('1d'), /unknown unit "d" in duration "1d"/);
  assert.throws(() => parseDurationNs('x'), /invalid duration "x"/);
});

test('formatDurationNs matches Go time.Duration.String', () => {
  const vectors: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1100n, '1.1\u00b5s'],
    [2200n * us, '2.2ms'],
    [3300n * ms, '3.3s'],
    [4n * m + 5n * s, '4m5s'],
    [4n * m + 5001n * ms, '4m5.001s'],
    [5n * h + 6n * m + 7001n * ms, '5h6m7.001s'],
    [8n * m + 1n, '8m0.000000001s'],
    [72n * h, '72h0m0s'],
    [h + 30n * m, '1h30m0s'],
    [500n * ms, '500ms'],
    [-s, '-1s'],
    [9223372036854775807n, '2562047h47m16.854775807s'],
    [-9223372036854775808n, '-2562047h47m16.854775808s'],
  ];
  for (const [v, want] of vectors) assert.equal(formatDurationNs(v), want);
});

test('milliseconds helpers: 72h is 259200000 ms and formats back as 72h0m0s', () => {
  assert.equal(parseDuration('72h'), 259_200_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1.5ms'), 1.5);
  assert.equal(formatDuration(259_200_000), '72h0m0s');
  assert.equal(formatDuration(15_000), '15s');
  assert.equal(formatDuration(1.5), '1.5ms');
  assert.equal(formatDuration(0), '0s');
  for (const text of ['72h0m0s', '1h30m0s', '500ms', '1.5s', '2.5\u00b5s', '-3m0.5s']) {
    assert.equal(formatDuration(parseDuration(text)), text);
  }
});
