// Binary framing for the runner's local socket; PROTOCOL.md is the reference.
// A frame is [type: u8][length: u32 BE][payload]. Control payloads are JSON; output and input
// payloads are raw bytes, so terminal output is never split into characters or re-encoded.
import { RunnerError } from './errors';
import { bool, int, intList, object, optional, str } from './payload-check';
import type { PayloadSchema } from './payload-check';

/** 2: `attach` takes `terminal`, and the runner sends `mode` frames (who answers terminal queries). */
export const PROTOCOL_VERSION = 2;

export const FrameType = {
  // client -> runner
  attach: 0x01,
  input: 0x02,
  resize: 0x03,
  stop: 0x04,
  // runner -> client
  hello: 0x81,
  output: 0x82,
  exit: 0x83,
  error: 0x84,
  mode: 0x85,
} as const;
export type FrameTypeName = keyof typeof FrameType;

export const HEADER_BYTES = 5;
/** Output frames carry an 8-byte absolute log offset before the bytes. */
export const OUTPUT_OFFSET_BYTES = 8;
/** Larger frames are a protocol error: nothing legitimate comes close (output frames are <= 64 KiB). */
export const MAX_FRAME_PAYLOAD = 16 * 1024 * 1024;

export interface ExitInfo {
  exitCode: number | null;
  signal: string | null;
}

export interface HelloInfo {
  protocol: number;
  /** Log bytes written so far: attaching from here gets only new output. */
  bytes: number;
  /** The agent's pid (its process group id too). */
  pid: number;
  /** Set once the agent has exited; the runner still replays the log until it quits. */
  exited: ExitInfo | null;
  /** The PTY's size now (what the output at `bytes` was drawn for). */
  cols?: number;
  rows?: number;
  /** DEC private modes the agent has set or reset so far (alternate screen, cursor, mouse, paste...). */
  modes?: TerminalModes;
}

export interface TerminalModes {
  set: number[];
  reset: number[];
}

const exitFields = { exitCode: int({ nullable: true }), signal: str(true) };
export const helloSchema: PayloadSchema<HelloInfo> = object<HelloInfo>({
  protocol: int(),
  bytes: int({ min: 0 }),
  pid: int(),
  exited: object<ExitInfo>(exitFields, true).check,
  cols: int({ min: 1, optional: true }),
  rows: int({ min: 1, optional: true }),
  modes: optional(object<TerminalModes>({ set: intList(64), reset: intList(64) }).check),
});
export const exitSchema: PayloadSchema<ExitInfo> = object<ExitInfo>(exitFields);
export interface AttachRequest {
  fromOffset: number;
  /** The client shows the output in a terminal that answers queries and sends its replies back as input. */
  terminal?: boolean;
}
export const attachSchema: PayloadSchema<AttachRequest> = object<AttachRequest>({ fromOffset: int({ min: 0 }), terminal: bool(true) });

/**
 * How the output that follows (from `offset`) must be treated. `live: false` is history (a replay,
 * or catching up from the log): its terminal queries are stale or were answered already, so the
 * client must remove them before its terminal sees them. `live: true` is output as the agent
 * writes it; `answering` says whether this client's terminal is the one that answers its queries
 * (when false, the runner or another terminal does, and the client removes them too).
 */
export interface OutputMode {
  offset: number;
  live: boolean;
  answering: boolean;
}
export const modeSchema: PayloadSchema<OutputMode> = object<OutputMode>({ offset: int({ min: 0 }), live: bool(), answering: bool() });
export const resizeSchema: PayloadSchema<{ cols: number; rows: number }> = object({ cols: int({ min: 1, max: 10_000 }), rows: int({ min: 1, max: 10_000 }) });
export const stopSchema: PayloadSchema<{ graceMs?: number }> = object({ graceMs: int({ min: 0, max: 600_000, optional: true }) });
export const errorSchema: PayloadSchema<{ message: string }> = object({ message: str() });

export interface Frame {
  type: number;
  payload: Buffer;
}

export function encodeFrame(type: number, payload: Buffer): Buffer[] {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(payload.length, 1);
  return [header, payload];
}

export function encodeJsonFrame(type: number, value: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  return Buffer.concat(encodeFrame(type, payload));
}

/** Header and offset prefix of an output frame; the bytes follow as their own buffer (no copy). */
export function encodeOutputHeader(offset: number, length: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER_BYTES + OUTPUT_OFFSET_BYTES);
  header.writeUInt8(FrameType.output, 0);
  header.writeUInt32BE(OUTPUT_OFFSET_BYTES + length, 1);
  header.writeBigUInt64BE(BigInt(offset), HEADER_BYTES);
  return header;
}

export function decodeOutputPayload(payload: Buffer): { offset: number; data: Buffer } {
  if (payload.length < OUTPUT_OFFSET_BYTES) throw new RunnerError('protocol', 'output frame shorter than its offset field');
  return { offset: Number(payload.readBigUInt64BE(0)), data: payload.subarray(OUTPUT_OFFSET_BYTES) };
}

export function parseJsonPayload<T>(schema: PayloadSchema<T>, frame: Frame, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(frame.payload.toString('utf8'));
  } catch {
    throw new RunnerError('protocol', `${what} frame payload is not valid JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new RunnerError('protocol', `${what} frame payload is invalid: ${parsed.error.issues.map((i) => `${i.path || 'payload'} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Incremental decoder: feed socket chunks, get whole frames. Throws RunnerError on a malformed stream. */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(chunk: Buffer): Frame[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Frame[] = [];
    while (this.pendingBytes >= HEADER_BYTES) {
      const head = this.peek(HEADER_BYTES);
      const type = head.readUInt8(0);
      const length = head.readUInt32BE(1);
      if (length > MAX_FRAME_PAYLOAD) {
        throw new RunnerError('protocol', `frame of ${length} bytes exceeds the ${MAX_FRAME_PAYLOAD}-byte limit`);
      }
      if (this.pendingBytes < HEADER_BYTES + length) break;
      const whole = this.take(HEADER_BYTES + length);
      frames.push({ type, payload: whole.subarray(HEADER_BYTES) });
    }
    return frames;
  }

  /** The first `n` bytes as one buffer, joining only the chunks they span (not all that are pending). */
  private peek(n: number): Buffer {
    const first = this.pending[0];
    if (first && first.length >= n) return first;
    let count = 0;
    for (let have = 0; have < n; count += 1) have += this.pending[count]!.length;
    const joined = Buffer.concat(this.pending.slice(0, count));
    this.pending.splice(0, count, joined);
    return joined;
  }

  private take(n: number): Buffer {
    const first = this.peek(n);
    if (first.length > n) this.pending[0] = first.subarray(n);
    else this.pending.shift();
    this.pendingBytes -= n;
    return first.subarray(0, n);
  }
}
