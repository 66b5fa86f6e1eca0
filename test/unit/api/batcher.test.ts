// The output batcher: 16 ms pacing, 200 KB batches, UTF-8 boundaries, bounded queue and overflow.
import { describe, expect, it } from 'vitest';
import { OutputBatcher, utf8Boundary } from '../../../src-main/host/output-batcher';
import type { OutputBatch } from '../../../src-main/host/output-batcher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collect(opts: Partial<ConstructorParameters<typeof OutputBatcher>[1]> = {}, start = 0) {
  const batches: (OutputBatch & { at: number })[] = [];
  const overflows: number[] = [];
  const batcher = new OutputBatcher(start, {
    emit: (b) => batches.push({ ...b, data: Buffer.from(b.data), at: performance.now() }),
    onOverflow: (o) => overflows.push(o),
    ...opts,
  });
  return { batcher, batches, overflows };
}

describe('utf8Boundary', () => {
  it('never cuts inside a multi-byte character', () => {
    const text = Buffer.from('aé€😀b', 'utf8'); // 1 + 2 + 3 + 4 + 1 bytes
    const cuts = Array.from({ length: text.length + 1 }, (_, n) => utf8Boundary(text, n));
    expect(cuts).toEqual([0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 11]);
    for (const cut of cuts) expect(text.subarray(0, cut).toString('utf8')).not.toContain('\uFFFD');
  });

  it('treats invalid bytes as complete, so garbage cannot stall the stream', () => {
    expect(utf8Boundary(Buffer.from([0x61, 0xff]))).toBe(2);
    expect(utf8Boundary(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80]))).toBe(5);
  });
});

describe('OutputBatcher', () => {
  it('sends at most one message per interval, in order, with absolute offsets', async () => {
    const { batcher, batches } = collect({ intervalMs: 16 }, 100);
    let offset = 100;
    for (let i = 0; i < 40; i++) {
      const line = Buffer.from(`line ${i}\n`);
      batcher.push(line, offset);
      offset += line.length;
      await sleep(2);
    }
    await new Promise<void>((r) => batcher.end(r));
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(40);
    for (let i = 1; i < batches.length; i++) {
      expect(batches[i]!.at - batches[i - 1]!.at).toBeGreaterThanOrEqual(15);
      expect(batches[i]!.offset).toBe(batches[i - 1]!.end);
    }
    expect(batches[0]!.offset).toBe(100);
    const all = Buffer.concat(batches.map((b) => b.data)).toString();
    expect(all).toBe(Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join(''));
    expect(batches.at(-1)!.end).toBe(100 + Buffer.byteLength(all));
  });

  it('caps each message at 200 KB and ends every one on a character boundary', async () => {
    const { batcher, batches } = collect({ intervalMs: 1, capBytes: 4 * 1024 * 1024 });
    const text = '€'.repeat(300_000); // 900 KB, 3 bytes each: 200 KB is not a multiple of 3
    const wait = batcher.push(Buffer.from(text, 'utf8'), 0);
    expect(wait).toBeUndefined();
    await new Promise<void>((r) => batcher.end(r));
    expect(batches.length).toBe(5);
    for (const b of batches) {
      expect(b.data.length).toBeLessThanOrEqual(200 * 1024);
      expect(b.data.toString('utf8')).toMatch(/^€+$/);
    }
    expect(batches.map((b) => b.data.toString('utf8')).join('')).toBe(text);
  });

  it('holds back a character split across chunks until its last byte arrives', async () => {
    const { batcher, batches } = collect({ intervalMs: 1 });
    const smile = Buffer.from('ok 😀', 'utf8');
    batcher.push(smile.subarray(0, 5), 0); // "ok " + two bytes of the emoji
    await sleep(20);
    expect(batches.map((b) => b.data.toString('utf8'))).toEqual(['ok ']);
    batcher.push(smile.subarray(5), 5);
    await sleep(20);
    expect(batches.map((b) => b.data.toString('utf8'))).toEqual(['ok ', '😀']);
    expect(batches[1]).toMatchObject({ offset: 3, end: 7 });
  });

  it('pauses the producer when the queue is full and releases it once drained', async () => {
    const { batcher, batches } = collect({ intervalMs: 1, maxBytes: 1000, capBytes: 3000 });
    expect(batcher.push(Buffer.alloc(2000, 'a'), 0)).toBeUndefined();
    const wait = batcher.push(Buffer.alloc(2000, 'b'), 2000);
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(batcher.queuedBytes).toBeLessThan(3000);
    await new Promise<void>((r) => batcher.end(r));
    expect(Buffer.concat(batches.map((b) => b.data)).length).toBe(4000);
  });

  it('drops queued output of a subscriber that stays behind and names the offset to resume from', async () => {
    let congested = true;
    const { batcher, batches, overflows } = collect({ intervalMs: 1, maxBytes: 1000, capBytes: 3000, congested: () => congested });
    void batcher.push(Buffer.alloc(1500, 'a'), 5000);
    await sleep(10);
    expect(batches).toEqual([]); // held while the transport is backed up
    expect(overflows).toEqual([]);
    void batcher.push(Buffer.alloc(1500, 'b'), 6500); // queue reaches the cap
    await sleep(20);
    expect(overflows).toEqual([5000]);
    expect(batcher.queuedBytes).toBe(0);
    expect(batcher.isStopped).toBe(true);
    congested = false;
    batcher.push(Buffer.alloc(10, 'c'), 8000);
    await sleep(10);
    expect(batches).toEqual([]); // nothing more after the gap: the client re-subscribes
  });

  it('keeps memory bounded under a flood: the queue never grows past the cap plus one chunk', async () => {
    const { batcher } = collect({ intervalMs: 16, capBytes: 256 * 1024 });
    let peak = 0;
    let offset = 0;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const deadline = performance.now() + 150;
    while (performance.now() < deadline) {
      const wait = batcher.push(chunk, offset);
      offset += chunk.length;
      peak = Math.max(peak, batcher.queuedBytes);
      if (wait) await wait;
    }
    batcher.stop();
    expect(peak).toBeLessThanOrEqual(256 * 1024 + chunk.length);
    expect(offset).toBeGreaterThan(512 * 1024); // and it did keep flowing
  });
});
