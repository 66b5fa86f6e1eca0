// The tab's icon with the attention count on it. Drawn on a canvas (the page's CSP allows data:
// images); the page's own icon, when it has one, is kept underneath and restored at zero.

const SIZE = 64;

function iconLink(): HTMLLinkElement {
  const existing = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
  if (existing) return existing;
  const link = document.createElement('link');
  link.rel = 'icon';
  document.head.appendChild(link);
  return link;
}

let original: string | null | undefined;

/** A plain Switchyard mark when the page brings no icon of its own. */
function drawMark(ctx: CanvasRenderingContext2D): void {
  ctx.fillStyle = '#5b6cff';
  ctx.beginPath();
  ctx.roundRect(4, 4, SIZE - 8, SIZE - 8, 14);
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 6;
  ctx.beginPath();
  ctx.moveTo(18, 20);
  ctx.lineTo(32, 32);
  ctx.lineTo(18, 44);
  ctx.stroke();
}

function drawBadge(ctx: CanvasRenderingContext2D, count: number): void {
  const text = count > 99 ? '99+' : String(count);
  const r = 19;
  ctx.fillStyle = '#e5484d';
  ctx.beginPath();
  ctx.arc(SIZE - r, r, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold ${text.length > 2 ? 18 : text.length > 1 ? 24 : 30}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, SIZE - r, r + 1);
}

/** Shows `count` on the tab's icon (0 restores the plain icon). */
export function setFaviconBadge(count: number): void {
  const link = iconLink();
  if (original === undefined) original = link.getAttribute('href');
  link.dataset.badge = String(count);
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const finish = (base: HTMLImageElement | null) => {
    ctx.clearRect(0, 0, SIZE, SIZE);
    if (base) ctx.drawImage(base, 0, 0, SIZE, SIZE);
    else drawMark(ctx);
    if (count > 0) drawBadge(ctx, count);
    // A newer call may have run meanwhile: only the latest count is drawn.
    if (link.dataset.badge === String(count)) link.href = canvas.toDataURL('image/png');
  };
  if (count === 0 && original) {
    link.href = original;
    return;
  }
  if (!original) return finish(null);
  const img = new Image();
  img.onload = () => finish(img);
  img.onerror = () => finish(null);
  img.src = original;
}

/** "(3) Switchyard": the count first, so it shows in a narrow tab. */
export function badgedTitle(base: string, count: number): string {
  return count > 0 ? `(${count}) ${base}` : base;
}
