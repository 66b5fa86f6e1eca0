// The page's question after losing its socket (see AUTH_CHECK_PATH): is the server down, or up and
// refusing this tab's token? Plain fetch, so the renderer and the tests share it.

/** 'ok': the token still passes; 'refused': 401; 'down': no answer (or any other status). */
export async function probeAuth(checkUrl: string, fetchImpl: typeof fetch = fetch): Promise<'ok' | 'refused' | 'down'> {
  try {
    // The server sends Cache-Control: no-store; the cookie goes along (same origin) when there is no token.
    const res = await fetchImpl(checkUrl);
    return res.status === 401 ? 'refused' : res.ok ? 'ok' : 'down';
  } catch {
    return 'down';
  }
}
