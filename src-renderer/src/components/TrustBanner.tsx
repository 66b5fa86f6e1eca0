// The trust prompt: the host folder's switchyard.toml is ignored until the user trusts its exact
// content, because a cloned repository's file can run commands and choose which programs run.
// Shows what the file would do and offers Trust; dismissing hides it until the page reloads.
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import type { ProjectConfigReviewView } from '../../../src-main/api/ops-trust';

export function TrustBanner({ client, onToast }: { client: ApiClient; onToast: (text: string, kind?: 'info' | 'error') => void }) {
  const [project, setProject] = useState<ProjectConfigReviewView | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await client.call('getProjectConfigTrust', {});
    if (r.ok) setProject(r.value.project);
  }, [client]);

  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 30_000);
    return () => clearInterval(t);
  }, [load]);

  if (!project || project.applied || dismissed === project.sha256) return null;

  const trust = async () => {
    setBusy(true);
    setError(null);
    const r = await client.call('trustProjectConfig', { path: project.path, sha256: project.sha256 });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    if (!r.value.ok) {
      setError(r.value.message);
      return void load(); // an edited file: show its new content
    }
    setProject(r.value.project);
    onToast(`Trusted ${project.path}; new sessions use it`);
  };

  const why = project.trust === 'changed' ? 'changed since you trusted it' : 'not trusted yet';
  return (
    <section className="trust-banner" role="alertdialog" aria-labelledby="trust-title" aria-describedby="trust-keys">
      <h2 id="trust-title">
        Ignoring <span className="mono">{project.path}</span>: {why}
      </h2>
      <div id="trust-keys">
        {project.error ? (
          <p className="form-error">{project.error}</p>
        ) : project.keys.length === 0 ? (
          <p className="muted">It sets no keys that run commands or choose which programs run.</p>
        ) : (
          <>
            <p className="muted">Trusting it lets it:</p>
            <ul>
              {project.keys.map((k) => (
                <li key={k.key}>
                  <span className="mono">
                    {k.key} = {JSON.stringify(k.value)}
                  </span>{' '}
                  <span className="muted">({k.effect})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-sm btn-primary" disabled={busy || project.error !== null} onClick={() => void trust()}>
          Trust and apply
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setDismissed(project.sha256)}>
          Not now
        </button>
      </div>
    </section>
  );
}
