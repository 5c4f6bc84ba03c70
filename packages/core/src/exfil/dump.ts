// Payload-level signals that no single match carries: several secret-named
// values in one outbound payload (a config or environment dump), and many
// personal records (PII rows). Each match alone may be ordinary (one login
// password, one phone number); together they are a leak. Callers feed the
// segments of one payload (keys before their values) and ask at the end.
import type { RawHit } from '../context.js';
import { BUILTIN_DLP_PATTERNS } from '../dlp/index.js';
import { findSecretAssignments, isSecretValue, secretNameKind } from './assignments.js';

/** Distinct secret-named values that make a dump. */
export const DUMP_MIN_SECRETS = 2;
/** Distinct personal records (SSNs, IBANs, ...) that make bulk personal data. */
export const BULK_PII_MIN = 3;
export const CREDENTIAL_DUMP_RULE = 'Credential Dump';
export const BULK_PII_RULE = 'Bulk Personal Data';

/** DLP rules that describe people rather than systems (the table's 'pii' category). */
const PII_RULES: ReadonlySet<string> = new Set(BUILTIN_DLP_PATTERNS.filter((p) => p.category === 'pii').map((p) => p.name));

/** Segments shorter than this hold no assignment worth a regex pass. */
const MIN_ASSIGNMENT_TEXT = 16;

export class PayloadSignals {
  private readonly values = new Set<string>();
  private readonly names: string[] = [];
  private firstLocation: string | undefined;
  private readonly pii = new Set<string>();
  private pendingKey: string | undefined;

  /**
   * One segment of the payload. A key is remembered for the value that
   * follows it (JSON, form fields, multipart part names); other text is
   * searched for `name = value` assignments. `location` is called only when
   * something is recorded.
   */
  segment(text: string, isKey: boolean, location: () => string): void {
    if (isKey) {
      this.pendingKey = text;
      return;
    }
    const key = this.pendingKey;
    this.pendingKey = undefined;
    const kind = key === undefined || text.length > 512 ? null : secretNameKind(key);
    if (kind !== null && isSecretValue(text, kind)) {
      this.record(key as string, text, location);
      return;
    }
    if (text.length < MIN_ASSIGNMENT_TEXT || (text.indexOf('=') < 0 && text.indexOf(':') < 0 && text.indexOf('>') < 0)) return;
    for (const a of findSecretAssignments(text)) this.record(a.name, a.value, location);
  }

  /** DLP hits of the payload, for the personal-records count. */
  hits(hits: readonly RawHit[]): void {
    for (const h of hits) if (PII_RULES.has(h.rule)) this.pii.add(h.secretHash ?? h.excerpt ?? `${h.start}`);
  }

  private record(name: string, value: string, location: () => string): void {
    if (this.values.has(value)) return;
    this.values.add(value);
    if (this.names.length < 4) this.names.push(name.length > 32 ? name.slice(0, 32) : name);
    this.firstLocation ??= location();
  }

  /** The payload-level hits, if any: a credential dump, bulk personal data. */
  result(): Array<{ hit: RawHit; location: string | undefined }> {
    const out: Array<{ hit: RawHit; location: string | undefined }> = [];
    if (this.values.size >= DUMP_MIN_SECRETS) {
      out.push({
        hit: { scanner: 'dlp', rule: CREDENTIAL_DUMP_RULE, severity: 'high', excerpt: `${this.values.size} secret-named values (${this.names.join(', ')})` },
        location: this.firstLocation,
      });
    }
    if (this.pii.size >= BULK_PII_MIN) {
      out.push({ hit: { scanner: 'dlp', rule: BULK_PII_RULE, severity: 'high', excerpt: `${this.pii.size} personal records` }, location: undefined });
    }
    return out;
  }
}
