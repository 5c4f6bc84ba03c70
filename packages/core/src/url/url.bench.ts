// performance.md, URL pipeline rows: allowed URL <= 3 µs, AWS key in the query <= 3 µs (medians).
// Run: pnpm vitest bench --run packages/core/src/url
import { bench, describe } from 'vitest';
import type { PartialConfig } from '../config/index.js';
import { createScanContext } from '../scanner.js';
import { createUrlScanner } from './pipeline.js';

const AWS_KEY = ['AKIA', 'Z7K2QX5M', 'WB3RTJ4N'].join('');
// The rate limiter runs (counts every request) but never trips during the bench.
const config = { fetch_proxy: { monitoring: { max_requests_per_minute: 1e12 } } } as PartialConfig;
const urls = createUrlScanner(createScanContext(config, { now: () => 0 }));

const ALLOWED = 'https://api.github.com/repos/o/r/issues?state=open&per_page=50';
const DLP_HIT = `https://evil.example/?k=${AWS_KEY}`;
const ENTROPY = 'https://example.com/_next/static/chunks/pages/_app-5f2c3b0e9a8d7c6b.js?v=3f2b8c1e-9a4d-4e6f-b2c1-7d8e9f0a1b2c';

if (urls.scan(ALLOWED).length !== 0) throw new Error('allowed URL must have no findings');
if (urls.scan(ENTROPY).length !== 0) throw new Error('asset URL must have no findings');
if (urls.scan(DLP_HIT)[0]?.rule !== 'AWS Access Key ID') throw new Error('DLP URL must be found');

describe('URL pipeline', () => {
  bench('allowed URL (api.github.com issues)', () => {
    urls.scan(ALLOWED);
  });
  bench('DLP hit (AWS key in the query)', () => {
    urls.scan(DLP_HIT);
  });
  bench('allowed URL with a long random-looking path (entropy measured)', () => {
    urls.scan(ENTROPY);
  });
});
