// Security settings for every window: isolated, sandboxed, no Node in the page, a strict CSP, and a
// page that can neither navigate away nor open windows. Electron types only: tests use stand-ins.
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import type { InitialBounds, SizeLimits } from './window-state';

export const DEFAULT_WINDOW_SIZE: SizeLimits = { width: 1280, height: 820, minWidth: 800, minHeight: 500 };

/**
 * The page's Content-Security-Policy: only the app's own scripts, no eval, no plugins, no framing, no
 * network beyond the app itself. Sent as a response header on every page load (app-protocol.ts and
 * session.webRequest), on top of the <meta> tag in index.html.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // xterm.js and React set inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The CSP for this run. With electron-vite's dev server (development only) the page also needs the
 * server's origin and its HMR socket; a built app never gets these allowances.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  if (!devServerUrl) return CONTENT_SECURITY_POLICY;
  const origin = new URL(devServerUrl).origin;
  const ws = origin.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' ${origin} 'unsafe-inline'`).replace(
    "connect-src 'self'",
    `connect-src 'self' ${origin} ${ws}`,
  );
}

export function secureWindowOptions(preloadPath: string, bounds?: InitialBounds): BrowserWindowConstructorOptions {
  const size = bounds ?? { width: DEFAULT_WINDOW_SIZE.width, height: DEFAULT_WINDOW_SIZE.height };
  return {
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: size.width,
    height: size.height,
    minWidth: DEFAULT_WINDOW_SIZE.minWidth,
    minHeight: DEFAULT_WINDOW_SIZE.minHeight,
    show: false,
    backgroundColor: '#111318',
    title: 'Switchyard',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Response headers with the CSP set (replacing any CSP a response brought, in any letter case). */
export function withCspHeader(headers: Record<string, string[] | string> | undefined, policy: string = CONTENT_SECURITY_POLICY): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}

/** The part of WebContents the guards use (a stand-in in tests). */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export interface GuardOptions {
  /** Opens a link in the system browser. */
  openExternal: (url: string) => void;
}

/** Links the page may hand to the system browser: web pages only, never file: or custom schemes. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The page never navigates (a full-page load would drop the preload's API and run foreign content in
 * the app's window) and never opens a window; web links go to the system browser instead.
 */
export function guardWebContents(contents: GuardedContents, opts: GuardOptions): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    if (isExternalLink(url)) opts.openExternal(url);
  };
  contents.on('will-navigate', (event, url) => block(event, url));
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) opts.openExternal(url);
    return { action: 'deny' };
  });
}
