import { describe, expect, it } from 'vitest';
import {
  FrameDecoder,
  FrameType,
  MAX_FRAME_PAYLOAD,
  attachSchema,
  decodeOutputPayload,
  encodeFrame,
  encodeJsonFrame,
  encodeOutputHeader,
  parseJsonPayload,
  resizeSchema,
} from '../../../src-main/engine/runner/protocol';

function outputFrame(offset: number, data: Buffer): Buffer {
  return Buffer.concat([encodeOutputHeader(offset, data.length), data]);
}

describe('runner frame decoder', () => {
  it('reassembles frames whatever the socket chunking, without altering bytes', () => {
    const utf8 = Buffer.from('naïve 日本語 🎉', 'utf8');
    const raw = Buffer.from([0xff, 0x00, 0xfe, 0x1b, 0x5b]);
    const stream = Buffer.concat([
      encodeJsonFrame(FrameType.attach, { fromOffset: 42 }),
      outputFrame(7, utf8),
      Buffer.concat(encodeFrame(FrameType.input, raw)),
      encodeJsonFrame(FrameType.resize, { cols: 120, rows: 40 }),
    ]);
    for (const size of [1, 2, 3, 5, 7, 64, stream.length]) {
      const decoder = new FrameDecoder();
      const frames = [];
      for (let i = 0; i < stream.length; i += size) frames.push(...decoder.push(stream.subarray(i, i + size)));
      expect(frames.map((f) => f.type)).toEqual([FrameType.attach, FrameType.output, FrameType.input, FrameType.resize]);
      const [attach, output, input, resize] = frames;
      expect(parseJsonPayload(attachSchema, attach!, 'attach')).toEqual({ fromOffset: 42 });
      const decoded = decodeOutputPayload(output!.payload);
      expect(decoded.offset).toBe(7);
      expect(decoded.data.equals(utf8)).toBe(true);
      expect(input!.payload.equals(raw)).toBe(true);
      expect(parseJsonPayload(resizeSchema, resize!, 'resize')).toEqual({ cols: 120, rows: 40 });
    }
  });

  it('carries offsets beyond 4 GiB exactly', () => {
    const offset = 5 * 1024 ** 3 + 123;
    const [frame] = new FrameDecoder().push(outputFrame(offset, Buffer.from('x')));
    expect(decodeOutputPayload(frame!.payload).offset).toBe(offset);
  });

  it('rejects an oversized frame and invalid control payloads with a reason', () => {
    const header = Buffer.alloc(5);
    header.writeUInt8(FrameType.input, 0);
    header.writeUInt32BE(MAX_FRAME_PAYLOAD + 1, 1);
    expect(() => new FrameDecoder().push(header)).toThrow(/exceeds the \d+-byte limit/);

    const [bad] = new FrameDecoder().push(encodeJsonFrame(FrameType.resize, { cols: 0, rows: 'x' }));
    expect(() => parseJsonPayload(resizeSchema, bad!, 'resize')).toThrow(/resize frame payload is invalid: cols/);
    const [notJson] = new FrameDecoder().push(Buffer.concat(encodeFrame(FrameType.attach, Buffer.from('{nope'))));
    expect(() => parseJsonPayload(attachSchema, notJson!, 'attach')).toThrow('attach frame payload is not valid JSON');
  });
});
