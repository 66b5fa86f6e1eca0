// Shown when the server is up but refuses this tab's token: `switchyard serve` was restarted and
// made a new one. Reconnecting cannot fix that, so the page says so and how to get back in.
export function TokenRefusedBanner() {
  return (
    <div className="token-banner" role="alert" aria-label="Access token refused">
      <strong>This tab's access token is no longer accepted.</strong>
      <span>
        <code>switchyard serve</code> was restarted and uses a new token. Open the address it printed (<code>{`${location.origin}/?token=…`}</code>) in this tab, or
        restart it and use the page it opens. Your sessions kept running.
      </span>
    </div>
  );
}
