import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../encoding/index.js';
import { inspectLabels } from './labels.js';

const hex = (s: string): string => Buffer.from(s).toString('hex');
const b32 = (s: string): string => encodeBase32(Buffer.from(s), false);
const b64u = (s: string): string => Buffer.from(s).toString('base64url');
const chunks = (s: string, n: number): string[] => s.match(new RegExp(`.{1,${n}}`, 'g')) ?? [];
// Built at runtime so the repository never holds a scannable key.
const KEY = ['AKIA', 'QX7Z2M5K', 'WB3RTJ4N'].join('');

describe('inspectLabels: encoded text in labels', () => {
  it.each<[string, string[], string]>([
    ['one lower-case base32 label', [b32(KEY).toLowerCase()], KEY],
    ['upper-case base32 over two labels', chunks(b32('user=svc pass=Tr0ub4dor&3'), 24), 'user=svc pass=Tr0ub4dor&3'],
    ['hex over three labels', chunks(hex('root:x:0:0:root:/root'), 14), 'root:x:0:0:root:/root'],
    ['mixed-case base64url over two labels', chunks(b64u(`token ${KEY}`), 20), `token ${KEY}`],
    ['a sequence label before hex chunks', ['s1', ...chunks(hex('password=hunter22'), 20)], 'password=hunter22'],
  ])('%s', (_n, labels, want) => {
    const v = inspectLabels(labels, false);
    expect(v.encodedText).toBe(true);
    expect(v.decoded).toContain(want);
  });

  it('joins neighbours decoded in different encodings (hex then base32)', () => {
    const v = inspectLabels([hex(KEY.slice(0, 8)), b32(KEY.slice(8)).toLowerCase()], false);
    expect(v.decoded).toContain(KEY);
  });

  it('still decodes on exempt platforms (no platform names hosts with encoded text)', () => {
    expect(inspectLabels([b32(KEY).toLowerCase()], true).encodedText).toBe(true);
  });
});

describe('inspectLabels: random data labels', () => {
  it.each<[string, string[]]>([
    ['six random 10-character labels', ['k7x2m9qa4w', 'b3n8v1zp6c', 'r5t8y2u3i0', 'h3g2f1d8s7', 'm4q9w2e7r1', 'z8x7c6v5b4']],
    ['two 24-character random labels', ['q8w2e9r4t7y1u6i3o5p0a2s4', 'z9x8c7v6b5n4m3l2k1j0h9g8']],
    ['one 48-character random label', ['x7q2k9m4w8e3r6t1y5u0i2o7p4a9s3d8f1g6h2j5k0l3z7c4']],
    ['one mixed-case base58 label (case carries data)', ['3vQB7B6MrGQZaxCuFg4oh8Fj2hZ6rWtV9']],
    ['short random labels, some letters only', ['mizzdzcqswp', 'ge1jdxuny8', 'hpsmlk1u', '5u5sl6j5sr']],
  ])('%s', (_n, labels) => {
    const v = inspectLabels(labels, false);
    expect(v.dataLabels).toBe(true);
    expect(inspectLabels(labels, true).dataLabels).toBe(false);
  });
});

describe('inspectLabels: ordinary names', () => {
  it.each<[string, string[]]>([
    ['www', ['www']],
    ['api-v2-staging.eu-central-1.internal-tools', ['api-v2-staging', 'eu-central-1', 'internal-tools']],
    ['ec2 public name', ['ec2-54-213-87-102', 'us-west-2', 'compute']],
    ['sentry org', ['o450312', 'ingest', 'us']],
    ['akamai edge', ['e12345', 'dscx']],
    ['long word labels', ['thequickbrownfoxjumps', 'overthelazydog']],
    ['hex distribution id', ['d1a2b3c4d5e6f7']],
    ['hex content hash label', ['5f3c2a1b9d8e7f00a1b2c3d4']],
    ['words with a number', ['web3', 'k8s', 'server042', 'mail2']],
    ['region and service', ['s3', 'dualstack', 'us-east-1']],
    ['punycode', ['xn--bcher-kva']],
    ['mixed-case words', ['Docs', 'GitHub']],
    ['a build number in a name', ['web3cdn', 'eu-west-1', 'node042']],
  ])('%s', (_n, labels) => {
    const v = inspectLabels(labels, false);
    expect(v.encodedText).toBe(false);
    expect(v.dataLabels).toBe(false);
  });
});
