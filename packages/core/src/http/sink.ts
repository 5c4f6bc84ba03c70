// Where the HTTP scanners turn engine hits into findings: one sink per scan,
// the section whose action governs, and the fail-closed conditions by name.
// No scanner here decides block-or-warn itself; ctx.finding does.
import type { RawHit, ScanContext, SectionKey } from '../context.js';
import type { Finding, ScannerName } from '../types.js';

/** Rule names of the fail-closed conditions (stable: docs and suppress entries use them). */
export const FAIL_CLOSED = {
  compressed: 'Compressed Body',
  tooLarge: 'Body Too Large',
  json: 'Unparsable JSON Body',
  jsonTooDeep: 'JSON Too Deep',
  jsonTooManyNodes: 'JSON Too Many Nodes',
  form: 'Unparsable Form Body',
  multipart: 'Unparsable Multipart Body',
  noBoundary: 'Multipart Without Boundary',
  tooManyParts: 'Too Many Multipart Parts',
  multipartTooDeep: 'Multipart Nested Too Deep',
  filenameTooLong: 'Multipart Filename Too Long',
  transferEncoding: 'Unreadable Transfer Encoding',
  charset: 'Unsupported Charset',
  sseEventTooLarge: 'SSE Event Too Large',
  sseBufferOverflow: 'SSE Buffer Overflow',
} as const;

export function failHit(scanner: ScannerName, rule: string): RawHit {
  return { scanner, rule, severity: 'high', failClosed: true };
}

/** Identity of a hit for de-duplication across overlapping scans of the same text. */
export function hitKey(h: RawHit): string {
  return `${h.scanner}\u0000${h.rule}\u0000${h.secretHash ?? h.excerpt ?? ''}`;
}

export class FindingSink {
  readonly findings: Finding[] = [];
  constructor(
    readonly ctx: ScanContext,
    readonly section: SectionKey,
  ) {}

  add(hits: readonly RawHit[], location: string): void {
    for (const h of hits) this.findings.push(this.ctx.finding(h, location, this.section));
  }

  fail(scanner: ScannerName, rule: string, location: string): void {
    this.findings.push(this.ctx.finding(failHit(scanner, rule), location, this.section));
  }
}
