import { describe, expect, it } from 'vitest';
import { findSecretAssignments, isPasswordLike, isTokenLike, PayloadSignals, secretNameKind } from './index.js';

describe('isTokenLike', () => {
  it.each([
    'JiEzHiIeApGdvR4YdrmTXrzR',
    '9fK2mQ7vX4pL8sR1wY6zC3bN',
    '0dMv5oK7T/YIMP0G/dlcnyJPuT6NTu5UEEhzYiI6',
    't5c6wz1k8hcdxyz6akfqtivinaht',
    'a7Ke2Qm9Xw4Rt8Lp1Zv6Nc3Y==',
    '2zHQuQOEVMBWA0ueXV5SFvpolhv7JNBGOYY',
    'ijCbunMWAWzObFphCurcV',
  ])('token: %s', (t) => expect(isTokenLike(t)).toBe(true));
  it.each([
    'MyApiKeyThatIsAtLeast20Characters',
    'apigwv2.ApiKey',
    'process.env.SECRET',
    'HEADER_X_API_KEY',
    'correct-horse-battery',
    '${DB_PASSWORD}',
    'your-api-key-here',
    '4f9a8c1e2b3d4e5f6a7b8c9d',
    '3f2b8c1e-9a4d-4e6f-b2c1-7d8e9f0a1b2c',
    '2024-07-01T00:00:00Z',
    'GA1.2.1873529104.1721830000',
    'ReadWriteAccess',
    'SecretStringValueBeta1',
    'abcdefghijklmnop123',
    'xxxxxxxxxxxxxxxxxxxx',
  ])('not a token: %s', (t) => expect(isTokenLike(t)).toBe(false));
});

describe('isPasswordLike', () => {
  it.each(['Winter2025!Corp', 'hunter2hunter2', 'P@ssw0rd-prod-7'])('password: %s', (t) => expect(isPasswordLike(t)).toBe(true));
  it.each(['amzn-client-secret', 'MYSQL_NATIVE_PASSWORD', 'POSTGRES_MD5', 'arn:aws:secretsmanager:xxx:xxx:secret:x', 'changeme', '${SECRET}', 'required', 'process.env.PASSWORD'])(
    'not a password: %s',
    (t) => expect(isPasswordLike(t)).toBe(false),
  );
});

describe('secretNameKind', () => {
  it.each<[string, 'strong' | 'weak' | null]>([
    ['DB_PASSWORD', 'strong'],
    ['clientSecret', 'strong'],
    ['client-secret', 'strong'],
    ['spring.datasource.password', 'strong'],
    ['JWT_SIGNING_KEY', 'strong'],
    ['api_key', 'weak'],
    ['GITHUB_TOKEN', 'weak'],
    ['STRIPE_KEY', 'weak'],
    ['csrf_token', null],
    ['max_tokens', null],
    ['password_hint', null],
    ['secret_name', null],
    ['PUBLIC_KEY', null],
    ['cache_key', null],
    ['refresh_token', null],
    ['username', null],
  ])('%s -> %s', (name, kind) => expect(secretNameKind(name)).toBe(kind));
});

describe('findSecretAssignments', () => {
  it.each<[string, string, string[]]>([
    ['env file', 'APP_SECRET=9fK2mQ7vX4pL8sR1wY6zC3bN\nLOG_LEVEL=info\n', ['APP_SECRET']],
    ['export line', 'export DB_PASSWORD="Winter2025!Corp"', ['DB_PASSWORD']],
    ['YAML', 'db:\n  password: Winter2025!Corp\n  api_key: Z5xK8mQ2vT9pR4wL7nB1cF6h\n', ['password', 'api_key']],
    ['JSON text', '{"client_secret": "Vn7Qp2Xk9Lm4Rt8Wz1Bc6Yd3"}', ['client_secret']],
    ['XML', '<Login><Password>Winter2025!Corp</Password></Login>', ['Password']],
    ['query', 'a=1&secret=9fK2mQ7vX4pL8sR1wY6zC3bN&b=2', ['secret']],
  ])('%s', (_n, text, names) => expect(findSecretAssignments(text).map((a) => a.name)).toEqual(names));
  it.each<[string, string]>([
    ['code member chains', 'exports.SecretTargetAttachment=exports.AttachmentTargetType=exports.Secret=void 0'],
    ['enum constants', 'ClientPasswordAuthType2.POSTGRES_MD5="POSTGRES_MD5"'],
    ['placeholders', 'DB_PASSWORD=${DB_PASSWORD}\nAPI_KEY=<your-api-key>\nSECRET=changeme'],
    ['docs prose', 'Set the password: to something long, and keep the token: safe.'],
    ['a weak name with a word value', 'token: refresh_every_hour'],
  ])('none in %s', (_n, text) => expect(findSecretAssignments(text)).toEqual([]));
});

describe('PayloadSignals', () => {
  const feed = (segments: Array<[string, boolean]>) => {
    const s = new PayloadSignals();
    for (const [t, k] of segments) s.segment(t, k, () => 'body');
    return s.result().map((r) => r.hit.rule);
  };
  it('a dump of two secret-named values', () => {
    expect(feed([['DB_PASSWORD', true], ['JiEzHiIeApGdvR4YdrmTXrzR', false], ['API_SECRET', true], ['9fK2mQ7vX4pL8sR1wY6zC3bN', false]])).toEqual(['Credential Dump']);
  });
  it('one login password is no dump, nor is a password and its confirmation', () => {
    expect(feed([['username', true], ['trailrunner42', false], ['password', true], ['Winter2025!Corp', false]])).toEqual([]);
    expect(feed([['password', true], ['Winter2025!Corp', false], ['password_confirmation', true], ['Winter2025!Corp', false]])).toEqual([]);
  });
  it('bulk personal data from three distinct PII hits', () => {
    const s = new PayloadSignals();
    s.hits([1, 2, 3].map((i) => ({ scanner: 'dlp', rule: 'US Social Security Number', severity: 'medium' as const, secretHash: `h${i}` })));
    expect(s.result().map((r) => r.hit.rule)).toEqual(['Bulk Personal Data']);
    const t = new PayloadSignals();
    t.hits([1, 2].map((i) => ({ scanner: 'dlp', rule: 'US Social Security Number', severity: 'medium' as const, secretHash: `h${i}` })));
    expect(t.result()).toEqual([]);
  });
});
