// Draws Switchyard's app and tray icons (a railway switch: one track fanning out into three) and
// writes build/icon.{png,icns,ico}, build/icons/<n>x<n>.png and resources/tray*.png. Plain Node: the
// shapes are signed-distance functions (anti-aliased at any size), PNG is encoded with zlib, ICO and
// ICNS wrap the PNGs. Run `node scripts/make-icons.mjs` after changing the drawing; output is committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---- PNG ---------------------------------------------------------------------------------------
const crcTable = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** RGBA (Uint8ClampedArray, straight alpha) -> PNG bytes. */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- drawing -----------------------------------------------------------------------------------
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
/** A quadratic curve as short segments (unit coordinates). */
function curve(p0, p1, p2, steps = 24) {
  const pts = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    pts.push([u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0], u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1]]);
  }
  return pts;
}
function polyDist(px, py, pts) {
  let d = Infinity;
  for (let i = 1; i < pts.length; i++) d = Math.min(d, segDist(px, py, pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1]));
  return d;
}
function roundRectDist(px, py, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(px - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(py - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

const fork = [0.5, 0.6];
const tracks = [
  { pts: [[0.5, 0.86], fork], color: hex('#e6e8ee') },
  { pts: curve(fork, [0.5, 0.36], [0.25, 0.2]), color: hex('#4fb3ff') },
  { pts: [fork, [0.5, 0.17]], color: hex('#7ee787') },
  { pts: curve(fork, [0.5, 0.36], [0.75, 0.2]), color: hex('#f2b84b') },
];
const ends = [
  { c: [0.5, 0.86], color: hex('#e6e8ee') },
  { c: [0.25, 0.2], color: hex('#4fb3ff') },
  { c: [0.5, 0.17], color: hex('#7ee787') },
  { c: [0.75, 0.2], color: hex('#f2b84b') },
];

/**
 * Paints one icon. `variant`: 'app' (tile + colour tracks), 'tray' (colour tracks, no tile),
 * 'template' (black tracks for macOS's template images), 'attention' (tray + an amber dot).
 */
function render(size, variant) {
  const px = new Uint8ClampedArray(size * size * 4);
  const aa = 1 / size; // one pixel in unit coordinates
  const app = variant === 'app';
  const stroke = app ? 0.065 : 0.11;
  const dot = app ? 0.07 : 0.12;
  const scale = app ? 1 : 1.12; // tray glyphs fill more of their tiny square
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let ux = (x + 0.5) / size;
      let uy = (y + 0.5) / size;
      ux = 0.5 + (ux - 0.5) * scale;
      uy = 0.52 + (uy - 0.5) * scale;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      const over = (color, cov) => {
        if (cov <= 0) return;
        const na = cov + a * (1 - cov);
        r = (color[0] * cov + r * a * (1 - cov)) / na;
        g = (color[1] * cov + g * a * (1 - cov)) / na;
        b = (color[2] * cov + b * a * (1 - cov)) / na;
        a = na;
      };
      const cover = (d) => Math.max(0, Math.min(1, 0.5 - d / aa));
      if (app) {
        const d = roundRectDist((x + 0.5) / size, (y + 0.5) / size, 0.06, 0.06, 0.94, 0.94, 0.2);
        const t = (y + 0.5) / size;
        const top = hex('#232a3a');
        const bottom = hex('#111318');
        over(top.map((v, i) => v + (bottom[i] - v) * t), cover(d));
      }
      for (const track of tracks) {
        const color = variant === 'template' ? [0, 0, 0] : track.color;
        over(color, cover(polyDist(ux, uy, track.pts) - stroke / 2));
      }
      for (const end of ends) {
        const color = variant === 'template' ? [0, 0, 0] : end.color;
        over(color, cover(Math.hypot(ux - end.c[0], uy - end.c[1]) - dot));
      }
      if (variant === 'attention') {
        const d = Math.hypot((x + 0.5) / size - 0.8, (y + 0.5) / size - 0.8) - 0.2;
        over(hex('#ff5c5c'), cover(d));
      }
      const i = (y * size + x) * 4;
      px[i] = r;
      px[i + 1] = g;
      px[i + 2] = b;
      px[i + 3] = Math.round(a * 255);
    }
  }
  return encodePng(size, px);
}

// ---- containers --------------------------------------------------------------------------------
/** ICO with PNG-compressed entries (Windows Vista and later). */
function encodeIco(entries) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  const dir = Buffer.alloc(16 * entries.length);
  let offset = 6 + dir.length;
  entries.forEach(({ size, png }, i) => {
    const o = i * 16;
    dir[o] = size >= 256 ? 0 : size;
    dir[o + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, o + 4); // planes
    dir.writeUInt16LE(32, o + 6); // bits per pixel
    dir.writeUInt32LE(png.length, o + 8);
    dir.writeUInt32LE(offset, o + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...entries.map((e) => e.png)]);
}

/** ICNS with PNG entries: ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x), ic11-14 the @2x sizes. */
function encodeIcns(pngBySize) {
  const types = [
    ['icp4', 16],
    ['icp5', 32],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
    ['ic11', 32],
    ['ic12', 64],
    ['ic13', 256],
    ['ic14', 512],
  ];
  const parts = types.map(([type, size]) => {
    const png = pngBySize.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

function write(rel, bytes) {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  console.log(`${rel} (${bytes.length} bytes)`);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const app = new Map(sizes.map((s) => [s, render(s, 'app')]));
write('build/icon.png', app.get(1024));
for (const s of [16, 32, 48, 64, 128, 256, 512, 1024]) write(`build/icons/${s}x${s}.png`, app.get(s));
write('build/icon.ico', encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: app.get(size) }))));
write('build/icon.icns', encodeIcns(app));
// The window and Linux desktop entries use this one too.
write('resources/icon.png', app.get(256));
for (const [name, variant] of [
  ['tray', 'tray'],
  ['tray-attention', 'attention'],
  ['trayTemplate', 'template'],
]) {
  write(`resources/${name}.png`, render(16, variant));
  write(`resources/${name}@2x.png`, render(32, variant));
}
