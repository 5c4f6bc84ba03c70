import { bench, describe } from 'vitest';
import { CODE_1K, PROSE_10K, PROSE_10K_TYPOGRAPHIC, PROSE_1M } from './bench-fixtures.js';
import { normalizeText, normalizeTextSpaced } from './index.js';
import { decodeViews } from '../encoding/index.js';

// pnpm vitest bench --run packages/core/src/normalize
let sink = 0;
describe('normalizeText', () => {
  bench('clean 1 KB code', () => {
    sink += normalizeText(CODE_1K).length;
  });
  bench('clean 10 KB prose', () => {
    sink += normalizeText(PROSE_10K).length;
  });
  bench('clean 1 MB prose', () => {
    sink += normalizeText(PROSE_1M).length;
  }, { time: 2000 });
  bench('10 KB prose, typographic quotes + accents (slow path)', () => {
    sink += normalizeText(PROSE_10K_TYPOGRAPHIC).length;
  });
  bench('spaced, 10 KB prose, typographic', () => {
    sink += normalizeTextSpaced(PROSE_10K_TYPOGRAPHIC).length;
  });
});

describe('normalizeText + decodeViews (the per-body cost)', () => {
  bench('clean 1 KB code', () => {
    sink += normalizeText(CODE_1K).length + decodeViews(CODE_1K).length;
  });
});
export { sink };
