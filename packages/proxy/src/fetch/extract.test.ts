import { describe, expect, it } from 'vitest';
import { decodeEntities } from './entities.js';
import { extractText } from './extract.js';

describe('extractText', () => {
  it.each([
    ['plain text', 'hello   world', 'hello world'],
    ['paragraphs', '<p>a</p><p>b</p>', 'a\n\nb'],
    ['list items one per line', '<ul><li>x</li><li>y</li></ul>', 'x\ny'],
    ['br', 'a<br>b<br/>c', 'a\nb\nc'],
    ['table cells', '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>', 'a b\nc'],
    ['script dropped, markup inside it ignored', 'a<script>x = "</p><p>hidden"</script>b', 'ab'],
    ['script end tag in any case', 'a<SCRIPT type="x">hidden</ScRiPt >b', 'ab'],
    ['style dropped', '<style>p{}</style>text', 'text'],
    ['comments dropped', 'a<!-- hidden -->b<!-- unterminated', 'ab'],
    ['doctype and processing instructions', '<!DOCTYPE html><?xml version="1.0"?>ok', 'ok'],
    ['head dropped, body kept', '<html><head><meta charset=utf-8><link rel=x></head><body>ok</body></html>', 'ok'],
    ['head without end tag', '<head><title>t</title><p>body text', 'body text'],
    ['nested templates', '<template>a<template>b</template>c</template>d', 'd'],
    ['self-closing svg', 'a<svg/>b', 'ab'],
    ['svg subtree', 'a<svg><text>hidden</text></svg>b', 'ab'],
    ['quoted > in attributes', '<a title="x > y" href=\'>\'>link</a>', 'link'],
    ['img alt kept', 'see <img src=a.png alt="the &quot;chart&quot;"> here', 'see the "chart" here'],
    ['stray <', 'a < b and 3<4', 'a < b and 3<4'],
    ['entities', '&lt;b&gt; &amp;amp; &#65;&#x42;&#X43; &copy &unknown; &#0;', '<b> &amp; ABC \u00a9 &unknown; \ufffd'],
    ['nbsp collapses', 'a&nbsp;&nbsp; b', 'a b'],
    ['pre keeps lines', '<pre>line 1\n  line 2</pre>', 'line 1\nline 2'],
    ['noscript dropped', 'a<noscript><p>enable js</p></noscript>b', 'ab'],
  ])('%s', (_name, html, text) => {
    expect(extractText(html).text).toBe(text);
  });

  it('takes the first title, decoded and collapsed', () => {
    expect(extractText('<title>  A &amp;\n B </title><title>second</title>').title).toBe('A & B');
    expect(extractText('<svg><title>icon</title></svg><p>x').title).toBe('');
  });

  it('stays linear on hostile markup', () => {
    const inputs = ['<a '.repeat(200_000), '<!--'.repeat(200_000), '&'.repeat(500_000), '<p '.repeat(100_000) + '"', '<script>'.repeat(100_000), ' '.repeat(500_000) + 'x',
      '<template>'.repeat(50_000) + '<body></svg>'.repeat(50_000), '<title>'.repeat(100_000)];
    const start = performance.now();
    for (const s of inputs) extractText(s);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});

describe('decodeEntities', () => {
  it('maps C1 references to windows-1252 and rejects surrogates', () => {
    expect(decodeEntities('&#150;&#xD800;&#x110000;')).toBe('\u2013\ufffd\ufffd');
  });
});
