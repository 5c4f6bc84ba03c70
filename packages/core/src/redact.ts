// Redaction at the point a finding is made: a recognisable prefix and the
// length, never the secret. Fingerprints let baselines match a finding
// without storing what was found.
import { createHash } from 'node:crypto';

/**
 * 'AKIAIOSFODNN7EXAMPLE' -> 'AKIAI…[20 chars]'. At most a quarter of the value
 * (and never more than 6 characters) is shown, so short secrets show almost nothing.
 */
export function redact(secret: string): string {
  const chars = Array.from(secret);
  const show = Math.min(6, Math.floor(chars.length / 4));
  const prefix = chars.slice(0, show).join('').replace(/[\u0000-\u001f\u007f]/g, '?');
  return `${prefix}…[${chars.length} chars]`;
}

/** A stable, non-reversible identifier for (rule, place, secret). */
export function fingerprint(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex').slice(0, 32);
}
