// What each hostile input of hostile.ts costs (pnpm vitest bench --run
// test/hardening/hostile.bench.ts). The inputs are 100-256 KB; a linear
// parser answers each in milliseconds, a quadratic one in seconds or minutes.
import { bench, describe } from 'vitest';
import { createScanner, decodeViews, deobfuscateShell, parseConfig, parseDiff, parseJsonRpc } from '@pipelock/core';
import { createInjectionEngine } from '../../packages/core/src/injection/index.js';
import { HOSTILE } from './hostile.js';

const scanner = createScanner({ mode: 'balanced', dlp: { scan_env: false } }, { now: () => 0 });
const quiet = (fn: () => unknown) => () => {
  try {
    fn();
  } catch {
    // The typed refusals are the expected answer for most of these inputs.
  }
};
const req = (contentType: string, body: string) =>
  scanner.scanRequest({ method: 'POST', url: 'https://api.example.com/v1/x', headers: { 'content-type': contentType }, body });
const opts = { iterations: 3, warmupIterations: 1, time: 0 };

const families: Array<[string, readonly string[], (s: string) => unknown]> = [
  ['scanText', HOSTILE.scanText, (s) => scanner.scanText(s)],
  ['decodeViews', HOSTILE.decodeViews, (s) => decodeViews(s)],
  ['parseConfig', HOSTILE.parseConfig, (s) => parseConfig(s)],
  ['parseDiff', HOSTILE.parseDiff, (s) => parseDiff(s)],
  ['parseJsonRpc', HOSTILE.parseJsonRpc, (s) => parseJsonRpc(s)],
  ['JSON body', HOSTILE.jsonBody, (s) => req('application/json', s)],
  ['multipart body', HOSTILE.multipart, (s) => req('multipart/form-data; boundary=b', s)],
  ['scanUrl', HOSTILE.scanUrl, (s) => scanner.scanUrl(s)],
  ['deobfuscateShell', HOSTILE.deobfuscateShell, (s) => deobfuscateShell(s)],
];

// Not timed here: parseConfig on 100 KB of '[' (parseConfig #0, a YAML stack
// overflow refused with a ConfigError) grows the heap by ~100 MB per call and
// runs a bench worker out of memory (V8 "RegExpCompiler Allocation failed").
// properties.test.ts still checks that it is refused.
const skip = (name: string, i: number) => name === 'parseConfig' && i === 0;

for (const [name, inputs, fn] of families) {
  describe(name, () => {
    inputs.forEach((s, i) => {
      if (!skip(name, i)) bench(`#${i} (${s.length} chars)`, quiet(() => fn(s)), opts);
    });
  });
}

// The regressions of regressions.test.ts: each was quadratic once.
describe('fixed regressions', () => {
  const injection = createInjectionEngine();
  bench('deobfuscateShell, 64 KB of backslashes', () => void deobfuscateShell('\\'.repeat(64 * 1024)), opts);
  bench('deobfuscateShell, an unclosed 64 KB brace list', () => void deobfuscateShell('{' + 'a,'.repeat(32 * 1024)), opts);
  bench('deobfuscateShell, 64 KB word without braces', () => void deobfuscateShell('x$'.repeat(32 * 1024)), opts);
  bench('injection scan, 64 KB run of one letter', () => void injection.scan('a'.repeat(64 * 1024) + '!'), opts);
});
