// RFC 6455 frames to messages, as a scanner must see them: fragments
// reassembled (a secret split over continuation frames is one message),
// permessage-deflate (RFC 7692) inflated within a size cap with the sliding
// window carried across messages (context takeover), and every framing
// error a decision instead of a crash. It never scans; ws/scan.ts does.
import { Buffer } from 'node:buffer';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';

export type WsOpcode = 'text' | 'binary' | 'continuation' | 'close' | 'ping' | 'pong';

/** One frame as a harness or a relay hands it over. Payload: bytes, or text (UTF-8). */
export interface WebSocketFrame {
  /** A name, or the RFC 6455 opcode number (0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong). */
  opcode: WsOpcode | number;
  /** Final fragment of the message (default true). */
  fin?: boolean;
  payload?: Uint8Array | string;
  /** Aliases some harnesses use: `data` (text), `payloadBase64` / `dataBase64` (bytes). */
  data?: string;
  payloadBase64?: string;
  dataBase64?: string;
  /** RSV1 on the first frame of a message: compressed with permessage-deflate. `compressed` is an alias. */
  rsv1?: boolean;
  compressed?: boolean;
}

export type AssembledMessage =
  | { kind: 'pending' }
  | {
      kind: 'message';
      opcode: 'text' | 'binary' | 'close' | 'ping' | 'pong';
      bytes: Uint8Array;
      compressed: boolean;
      /** A binary message handed over as one base64-looking string: its decoded bytes, scanned too (the caller may have meant either). */
      alt?: Uint8Array;
    }
  | { kind: 'error'; rule: string; detail: string };

export const WS_RULES = {
  tooLarge: 'WebSocket Message Too Large',
  compressed: 'Unreadable Compressed WebSocket Message',
  protocol: 'WebSocket Protocol Error',
} as const;

const OPCODES: Record<number, WsOpcode> = { 0: 'continuation', 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' };
/** The LZ77 window permessage-deflate may refer back into (RFC 7692 §7.1.2: at most 2^15). */
const WINDOW = 1 << 15;
/** RFC 7692 §7.2.2: the sender removes this tail; the receiver appends it before inflating. */
const DEFLATE_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
/** Frames in one message: a message split into a million one-byte frames is a denial of service, not a message. */
const MAX_FRAGMENTS = 4096;

const NAMES: ReadonlySet<string> = new Set(Object.values(OPCODES));

function opcodeOf(op: WebSocketFrame['opcode']): WsOpcode | undefined {
  if (typeof op === 'number') return OPCODES[op];
  if (typeof op !== 'string') return undefined;
  const l = op.toLowerCase();
  return NAMES.has(l) ? (l as WsOpcode) : undefined;
}

const utf8 = new TextEncoder();

/** Strict base64 (standard or url-safe, padded to a quantum): what a harness writes for bytes it cannot put in JSON. */
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$|^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/;

function base64Bytes(s: string): Uint8Array | undefined {
  if (s.length < 8 || !STRICT_BASE64.test(s)) return undefined;
  return new Uint8Array(Buffer.from(s, 'base64'));
}

function payloadOf(f: WebSocketFrame): Uint8Array | undefined {
  if (f.payload !== undefined) {
    if (typeof f.payload !== 'string') return f.payload;
    // Compressed data cannot be text: a string here is the bytes in base64.
    if (f.rsv1 === true || f.compressed === true) return base64Bytes(f.payload) ?? utf8.encode(f.payload);
    return utf8.encode(f.payload);
  }
  if (f.data !== undefined) return utf8.encode(f.data);
  const b64 = f.payloadBase64 ?? f.dataBase64;
  if (b64 !== undefined) return new Uint8Array(Buffer.from(b64, 'base64'));
  return new Uint8Array(0);
}

export interface AssemblerOptions {
  /** Largest message, compressed and inflated (websocket_proxy.max_message_bytes). */
  maxMessageBytes: number;
  /** No context takeover negotiated: each compressed message starts with an empty window. */
  noContextTakeover?: boolean;
}

/** One direction of one connection: fragments in flight and the deflate window. */
export class MessageAssembler {
  private parts: Uint8Array[] = [];
  private size = 0;
  private current: 'text' | 'binary' | undefined;
  private compressed = false;
  private window: Buffer = Buffer.alloc(0);
  private alt: Uint8Array | undefined;

  constructor(private readonly opts: AssemblerOptions) {}

  /** Feed one frame; a message comes out at its final fragment. */
  push(f: WebSocketFrame): AssembledMessage {
    const op = opcodeOf(f.opcode);
    const bytes = payloadOf(f);
    if (op === undefined || bytes === undefined) return this.fail(WS_RULES.protocol, `unknown opcode ${String(f.opcode)}`);
    const fin = f.fin !== false;
    const rsv1 = f.rsv1 === true || f.compressed === true;
    if (op === 'close' || op === 'ping' || op === 'pong') {
      // Control frames may sit between fragments, are never fragmented, carry at most 125 bytes.
      if (!fin || bytes.byteLength > 125 || rsv1) return this.fail(WS_RULES.protocol, `invalid ${op} frame`);
      return { kind: 'message', opcode: op, bytes, compressed: false };
    }
    if (op === 'continuation') {
      if (this.current === undefined) return this.fail(WS_RULES.protocol, 'continuation frame without a message to continue');
      if (rsv1) return this.fail(WS_RULES.protocol, 'RSV1 set on a continuation frame');
    } else {
      if (this.current !== undefined) return this.fail(WS_RULES.protocol, 'new data frame while a fragmented message is open');
      this.current = op;
      this.compressed = rsv1;
    }
    this.size += bytes.byteLength;
    if (this.size > this.opts.maxMessageBytes) return this.fail(WS_RULES.tooLarge, `over ${this.opts.maxMessageBytes} bytes`);
    if (this.parts.length >= MAX_FRAGMENTS) return this.fail(WS_RULES.protocol, `over ${MAX_FRAGMENTS} fragments`);
    this.parts.push(bytes);
    if (op !== 'continuation') this.alt = op === 'binary' && fin && typeof f.payload === 'string' ? base64Bytes(f.payload) : undefined;
    if (!fin) return { kind: 'pending' };

    const opcode = this.current as 'text' | 'binary';
    const compressed = this.compressed;
    const whole = this.parts.length === 1 ? (this.parts[0] as Uint8Array) : Buffer.concat(this.parts);
    const alt = this.alt;
    this.reset();
    if (!compressed) return alt === undefined ? { kind: 'message', opcode, bytes: whole, compressed: false } : { kind: 'message', opcode, bytes: whole, compressed: false, alt };
    const inflated = this.inflate(whole);
    if (inflated.kind === 'error') return inflated;
    return { kind: 'message', opcode, bytes: inflated.bytes, compressed: true };
  }

  /** A message is open (some fragments seen, not the last). */
  get open(): boolean {
    return this.current !== undefined;
  }

  private inflate(data: Uint8Array): { kind: 'ok'; bytes: Uint8Array } | { kind: 'error'; rule: string; detail: string } {
    let out: Buffer;
    try {
      out = inflateRawSync(Buffer.concat([data, DEFLATE_TAIL]), {
        // The message ends without a final block; a sync flush is where it stops.
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
        maxOutputLength: this.opts.maxMessageBytes,
        ...(this.window.byteLength > 0 && !this.opts.noContextTakeover ? { dictionary: this.window } : {}),
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') return { kind: 'error', rule: WS_RULES.tooLarge, detail: `inflates past ${this.opts.maxMessageBytes} bytes` };
      return { kind: 'error', rule: WS_RULES.compressed, detail: 'corrupt permessage-deflate data' };
    }
    if (!this.opts.noContextTakeover) {
      const joined = this.window.byteLength === 0 ? out : Buffer.concat([this.window, out]);
      this.window = joined.byteLength > WINDOW ? Buffer.from(joined.subarray(joined.byteLength - WINDOW)) : joined;
    }
    return { kind: 'ok', bytes: out };
  }

  private reset(): void {
    this.alt = undefined;
    this.parts = [];
    this.size = 0;
    this.current = undefined;
    this.compressed = false;
  }

  private fail(rule: string, detail: string): AssembledMessage {
    this.reset();
    return { kind: 'error', rule, detail };
  }
}
