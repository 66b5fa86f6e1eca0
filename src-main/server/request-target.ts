// The request line's target, parsed without ever throwing: a hostile or broken client must get a
// 400, not take `serve` (and the daemon inside it) down with an uncaught URIError or TypeError.
export type Target = { ok: true; url: URL; path: string } | { ok: false; reason: string };

export function parseTarget(raw: string | undefined): Target {
  // Origin-form only ("/path?query"): browsers send nothing else to a server they talk to directly.
  if (!raw || !raw.startsWith('/')) return { ok: false, reason: 'the request target must be a path starting with "/"' };
  let url: URL;
  try {
    // Appended, not resolved against a base: "//host/x" stays a path on this server.
    url = new URL(`http://127.0.0.1${raw}`);
  } catch {
    return { ok: false, reason: 'the request URL cannot be parsed' };
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, reason: 'the path has a malformed %-escape (each % must start a valid UTF-8 escape such as %20)' };
  }
  if (path.includes('\0')) return { ok: false, reason: 'the path contains a NUL character' };
  return { ok: true, url, path };
}
