// Byte framing for MCP transports: server-sent events (Streamable HTTP) and
// newline-delimited JSON (stdio). Framing only; every decision is core's.
// Both splitters are bounded: a frame that grows past its limit is an error,
// never an unbounded buffer.

export interface SseFrame {
  /** The exact bytes of the event, including its terminating blank line. */
  raw: string;
  /** The joined data lines ('' when the event has none: comments, retry). */
  data: string;
  event?: string;
  id?: string;
}

export class FrameTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`frame over ${limit} bytes`);
    this.name = 'FrameTooLargeError';
  }
}

const EVENT_END = /\r\n\r\n|\n\n|\r\r/g;

export class SseSplitter {
  private buf = '';
  constructor(private readonly maxFrame = 1024 * 1024) {}

  push(chunk: string): SseFrame[] {
    this.buf += chunk;
    const frames: SseFrame[] = [];
    let start = 0;
    EVENT_END.lastIndex = 0;
    for (let m = EVENT_END.exec(this.buf); m; m = EVENT_END.exec(this.buf)) {
      const end = m.index + m[0].length;
      frames.push(parseFrame(this.buf.slice(start, end)));
      start = end;
    }
    this.buf = this.buf.slice(start);
    if (this.buf.length > this.maxFrame) throw new FrameTooLargeError(this.maxFrame);
    return frames;
  }

  /** What is left at the end of the stream (an unterminated event), as a frame. */
  end(): SseFrame[] {
    const rest = this.buf;
    this.buf = '';
    return rest.trim() === '' ? [] : [parseFrame(rest)];
  }
}

function parseFrame(raw: string): SseFrame {
  const data: string[] = [];
  const frame: SseFrame = { raw, data: '' };
  for (const line of raw.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? '' : line.slice(i + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') frame.event = value;
    else if (field === 'id') frame.id = value;
  }
  frame.data = data.join('\n');
  return frame;
}

/** Re-frames a replacement message as one SSE event, keeping the original's id and event name. */
export function sseEvent(data: string, like?: SseFrame): string {
  let out = '';
  if (like?.event !== undefined) out += `event: ${like.event}\n`;
  if (like?.id !== undefined) out += `id: ${like.id}\n`;
  for (const line of data.split('\n')) out += `data: ${line}\n`;
  return out + '\n';
}

export class LineSplitter {
  private buf = '';
  constructor(private readonly maxLine = 16 * 1024 * 1024) {}

  push(chunk: string): string[] {
    this.buf += chunk;
    const lines = this.buf.split('\n');
    this.buf = lines.pop() ?? '';
    if (this.buf.length > this.maxLine) {
      this.buf = '';
      throw new FrameTooLargeError(this.maxLine);
    }
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '');
  }

  end(): string[] {
    const rest = this.buf;
    this.buf = '';
    return rest.trim() === '' ? [] : [rest];
  }
}
