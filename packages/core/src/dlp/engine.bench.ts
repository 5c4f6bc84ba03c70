// DLP scan cost on ordinary source code (fixtures are slices of this project's
// own code): target <= 4 us median for 1 KB (docs/performance.md).
// Run: pnpm vitest bench --run packages/core/src/dlp/engine.bench.ts
import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { createDlpEngine } from './index.js';

const fx = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const k1 = fx('source-1k.txt');
const k10 = fx('source-10k.txt');
const m1 = k10.repeat(Math.ceil((1024 * 1024) / k10.length)).slice(0, 1024 * 1024);
const k10ascii = k10.replace(/[^\x00-\x7f]/g, '.');
const withKey = `${k1}\nconst AWS = 'AKIA2E0A8F3B244C9986';\n`;
// A README-like paragraph naming many providers: every keyword-context class finds its keyword.
const providers =
  'Integrations: connect Twilio, Stripe, Slack, GitHub, GitLab, Cloudflare, Datadog, Sentry, Okta, Auth0, ' +
  'Algolia, Mailgun, SendGrid, PagerDuty, Heroku, Netlify, Vercel, Supabase, Confluent, Contentful and Linear. ' +
  'Set the twilio_auth_token, the stripe secret key and the cloudflare api token in your secret manager, ' +
  'never in code: config.twilioAuthToken = process.env.TWILIO_AUTH_TOKEN; the token rotates every 90 days. ';
const prose1k = providers.repeat(Math.ceil(1024 / providers.length)).slice(0, 1024);

const engine = createDlpEngine();
const review = createDlpEngine({ examples: 'suppress' });
const envEngine = createDlpEngine({
  env: {
    OPENAI_API_KEY: 'sk-proj-Q2rT9vX1bN4mK7pL0sD3fG6hJ8kZ5cV2bN1mQ4wE7rT0yU3iO6pA9sD2fG5hJ8kL',
    DATABASE_URL: 'postgres://app:S3cr3tPassw0rd99@db:5432/app',
    GITHUB_TOKEN: 'ghp_R8mN2kL5vB9xC3zQ7wE1tY4uI6oP0aS2dF8g',
    HOME: '/home/user',
    PATH: '/usr/local/bin:/usr/bin:/bin',
  },
});

describe('dlp scan', () => {
  bench('1 KB source, clean', () => {
    engine.scan(k1);
  });
  bench('1 KB source, clean, 3 env values watched', () => {
    envEngine.scan(k1);
  });
  bench('1 KB source, clean, code review surface', () => {
    review.scan(k1);
  });
  bench('1 KB prose naming 20 providers (keyword-context sites)', () => {
    engine.scan(prose1k);
  });
  bench('1 KB source + AWS key', () => {
    engine.scan(withKey);
  });
  bench('10 KB source, clean', () => {
    engine.scan(k10);
  });
  bench('10 KB source, clean, ASCII only (no normalization)', () => {
    engine.scan(k10ascii);
  });
  bench('1 MB source, clean', () => {
    engine.scan(m1);
  }, { iterations: 20 });
});
