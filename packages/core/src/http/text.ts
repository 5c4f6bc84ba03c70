// Bytes to text for the HTTP scanners: content-type parsing, charset
// decoding, UTF-8 length, the binary/text decision. Decoders are created once
// per charset and reused; nothing here copies a body it does not have to.

/** A parsed Content-Type: lower-cased media type plus lower-cased parameter names. */
export interface MediaType {
  /** 'application/json', '' when absent. */
  type: string;
  params: Map<string, string>;
}

const EMPTY_PARAMS: Map<string, string> = new Map();
const NO_MEDIA_TYPE: MediaType = { type: '', params: EMPTY_PARAMS };

/** Parse 'multipart/form-data; boundary="abc"; charset=UTF-8'. Quoted values may contain ';'. */
export function parseMediaType(value: string | undefined): MediaType {
  if (value === undefined || value === '') return NO_MEDIA_TYPE;
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (semi < 0) return { type, params: EMPTY_PARAMS };
  return { type, params: parseParams(value, semi + 1) };
}

/** 'name="a;b"; filename=x' from index i: RFC 7231 parameters with quoted-string unescaping. */
export function parseParams(s: string, i: number): Map<string, string> {
  const params = new Map<string, string>();
  const n = s.length;
  while (i < n) {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === ';')) i++;
    const eq = s.indexOf('=', i);
    if (eq < 0) break;
    const name = s.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
    let value: string;
    if (s[i] === '"') {
      let out = '';
      i++;
      while (i < n && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < n) i++;
        out += s[i];
        i++;
      }
      i++; // closing quote
      value = out;
      const next = s.indexOf(';', i);
      i = next < 0 ? n : next + 1;
    } else {
      const next = s.indexOf(';', i);
      value = (next < 0 ? s.slice(i) : s.slice(i, next)).trim();
      i = next < 0 ? n : next + 1;
    }
    // The first occurrence wins: a duplicated boundary/charset must not let a
    // second value override what the origin server will use.
    if (name !== '' && !params.has(name)) params.set(name, value);
  }
  return params;
}

export type BodyKind = 'json' | 'form' | 'multipart' | 'sse' | 'ndjson' | 'binary' | 'sniff' | 'text';

const BINARY_TYPES = new Set([
  'application/pdf',
  'application/zip',
  'application/gzip',
  'application/x-gzip',
  'application/x-tar',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'application/x-bzip2',
  'application/x-xz',
  'application/zstd',
  'application/wasm',
  'application/java-archive',
  'application/x-protobuf',
  'application/vnd.google.protobuf',
  'application/grpc',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'font/woff',
  'font/woff2',
  'font/ttf',
  'font/otf',
]);

/**
 * Which reader a media type gets. Binary media (images, audio, video, archives,
 * PDF, fonts) pass through unscanned; application/octet-stream is *sniffed*:
 * a generic upload type is how a text file full of secrets would otherwise
 * slip past, so it is scanned when its bytes look like text.
 */
export function bodyKind(type: string): BodyKind {
  if (type === '') return 'text';
  if (type === 'application/json' || type.endsWith('+json') || type === 'text/json') return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('multipart/')) return 'multipart';
  if (type === 'text/event-stream') return 'sse';
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/json-seq') return 'ndjson';
  if (type.startsWith('text/')) return 'text';
  if (type.startsWith('image/') || type.startsWith('audio/') || type.startsWith('video/') || type.startsWith('font/')) {
    // SVG is XML text that can carry script and instructions.
    return type === 'image/svg+xml' ? 'text' : 'binary';
  }
  if (BINARY_TYPES.has(type) || type.startsWith('application/vnd.openxmlformats')) return 'binary';
  if (type === 'application/octet-stream') return 'sniff';
  return 'text';
}

/** NUL bytes in the first KB mean binary (the heuristic git and file(1) use). */
export function looksBinary(text: string): boolean {
  const limit = Math.min(text.length, 1024);
  for (let i = 0; i < limit; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}

type Decoder = InstanceType<typeof TextDecoder>;

const UTF8: Decoder = new TextDecoder('utf-8', { fatal: false });
const decoders = new Map<string, Decoder | null>([
  ['utf-8', UTF8],
  ['utf8', UTF8],
  ['us-ascii', UTF8],
  ['ascii', UTF8],
]);

/**
 * The decoder for a charset label, or undefined when the label is unknown
 * (the caller fails closed: a body in an encoding we cannot read is not scanned
 * by reading it wrongly). Decoders are created once per label.
 */
export function decoderFor(charset: string | undefined): Decoder | undefined {
  if (charset === undefined || charset === '') return UTF8;
  const label = charset.toLowerCase();
  let d = decoders.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label, { fatal: false });
    } catch {
      d = null;
    }
    // Bounded: only labels TextDecoder knows can be added after the first miss,
    // and unknown ones are cached as null under a capped map.
    if (decoders.size < 256) decoders.set(label, d);
  }
  return d ?? undefined;
}

export function decodeUtf8(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

/** UTF-8 byte length of a string, without encoding it. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 2; // 4 bytes for 2 code units
        i++;
      } else n += 2;
    } else n += 2;
  }
  return n;
}

/** Whether a string's UTF-8 encoding exceeds `max` bytes; cheap for the common cases. */
export function exceedsBytes(s: string, max: number): boolean {
  if (s.length > max) return true; // every UTF-16 unit is at least one byte
  if (s.length * 3 <= max) return false; // at most 3 bytes per unit
  return utf8Length(s) > max;
}

/** Forgiving base64 (whitespace ignored, url-safe alphabet accepted) to bytes; undefined when invalid. */
export function base64ToBytes(s: string): Uint8Array | undefined {
  let clean = s.replace(/[\s]+/g, '');
  if (clean.includes('-') || clean.includes('_')) clean = clean.replace(/-/g, '+').replace(/_/g, '/');
  let bin: string;
  try {
    bin = atob(clean);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
