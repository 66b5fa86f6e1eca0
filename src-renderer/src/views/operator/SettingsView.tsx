// Settings: every config key rendered from the engine's schema description, grouped by table, plus
// agent profiles and harness runners. Saving goes through setConfigValues, which validates exactly as
// loading does and rewrites only the changed lines of the user file (comments and order survive).
import { useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from '../../api/client';
import type { ConfigChangeInput, SettingFieldView, SettingsView as Settings } from '../../../../src-main/api/ops-operator';
import type { ViewProps } from '../types';
import { LoadError, Section, useLoad } from './common';
import { fromDraft, SettingInput, toDraft, type Draft } from './SettingInput';
import { allowedValues, choiceProblem, type Allowed } from '../../../../src-main/api/setting-choices';

const ENTRY_TABLES = ['agent_profiles', 'harness_runners', 'orchestration_templates', 'memory_connectors'];
/**
 * Keys the config accepts (ECC2 compatibility) but nothing in Switchyard acts on: not offered here,
 * so no setting in the app does nothing. A value in the file is kept as written. Webhooks and the
 * completion summary popup are not implemented; ECC2's metrics and log panes have no counterpart.
 */
const NOT_IN_APP = ['webhook_notifications', 'completion_summary_notifications', 'pane_navigation.focus_metrics', 'pane_navigation.focus_log'];
const inApp = (key: string) => !NOT_IN_APP.some((k) => key === k || key.startsWith(`${k}.`));
const segment = (name: string) => (/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name));

interface Editable {
  key: string;
  field: SettingFieldView;
  loaded: unknown;
  /** For a field of an agent profile: the profile's name. */
  profile?: string;
}

function groupOf(key: string): string {
  const dot = key.indexOf('.');
  return dot === -1 ? 'general' : key.slice(0, dot);
}

const GROUP_TITLE = (g: string) => (g === 'general' ? 'General' : g.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()));

/** Which pending keys an engine error is about: the key itself, a key inside it, or its table. */
function keysForError(errKey: string, pending: string[]): string[] {
  if (!errKey) return [];
  const bare = errKey.replace(/\[\d+\]/g, '');
  return pending.filter((k) => k === bare || k.startsWith(`${bare}.`) || bare.startsWith(`${k}.`));
}

function EntryTable({ title, id, table, settings, entries, editor, onAdd, onDelete, busy }: {
  title: string;
  id: string;
  table: string;
  settings: Settings;
  entries: Record<string, Record<string, unknown>>;
  editor: (e: Editable, label: string) => ReactNode;
  onAdd: (name: string) => void;
  onDelete: (name: string) => void;
  busy: boolean;
}) {
  const [name, setName] = useState('');
  const fields = settings.fields.filter((f) => f.key.startsWith(`${table}.<name>.`));
  const names = Object.keys(entries).sort();
  const singular = table === 'agent_profiles' ? 'profile' : 'runner';
  return (
    <Section title={title} id={id}>
      {names.length === 0 && <p className="muted op-empty">None configured.</p>}
      {names.map((n) => (
        <details key={n} className="op-entry">
          <summary>
            <span className="mono">{n}</span>
            <span className="muted small">
              {Object.entries(entries[n] ?? {})
                .filter(([k, v]) => ['agent', 'model', 'program', 'inherits'].includes(k) && v)
                .map(([k, v]) => `${k} ${String(v)}`)
                .join(' · ')}
            </span>
          </summary>
          <div className="op-field-grid">
            {fields.map((f) => {
              const leaf = f.key.slice(`${table}.<name>.`.length);
              return editor({ key: `${table}.${segment(n)}.${leaf}`, field: f, loaded: entries[n]?.[leaf], ...(table === 'agent_profiles' ? { profile: n } : {}) }, leaf);
            })}
          </div>
          <div className="form-actions">
            <button type="button" className="btn btn-sm btn-ghost" disabled={busy} onClick={() => onDelete(n)} aria-label={`Delete ${singular} ${n}`}>
              Delete {singular}
            </button>
          </div>
        </details>
      ))}
      <form
        className="op-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onAdd(name.trim());
          setName('');
        }}
      >
        <label htmlFor={`${id}-new`} className="op-sr-only">
          New {singular} name
        </label>
        <input id={`${id}-new`} className="mono" value={name} onChange={(e) => setName(e.target.value)} placeholder={`new ${singular} name`} />
        <button type="submit" className="btn btn-sm" disabled={busy || !name.trim()}>
          Add {singular}
        </button>
      </form>
    </Section>
  );
}

function SettingsForm({ client, settings, reload, onToast }: { client: ApiClient; settings: Settings; reload: () => void; onToast: ViewProps['onToast'] }) {
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const editables = useRef(new Map<string, Editable>());

  const groups = useMemo(() => {
    const map = new Map<string, SettingFieldView[]>();
    for (const f of settings.fields) {
      if (ENTRY_TABLES.some((t) => f.key === t || f.key.startsWith(`${t}.`)) || !inApp(f.key)) continue;
      const g = groupOf(f.key);
      map.set(g, [...(map.get(g) ?? []), f]);
    }
    return [...map.entries()];
  }, [settings.fields]);

  // The draft of a key if edited, else its saved value, as text.
  const current = (key: string, saved: unknown): string => (key in drafts ? String(drafts[key]) : saved === undefined || saved === null ? '' : String(saved));
  /** The profile's agent: its own (draft or saved), else its parents', else default_agent's. */
  const profileAgent = (name: string): string | undefined => {
    const seen = new Set<string>();
    for (let p: string | undefined = name; p !== undefined && !seen.has(p); ) {
      seen.add(p);
      const own = current(`agent_profiles.${segment(p)}.agent`, settings.profiles[p]?.agent);
      if (own.trim()) return own;
      const parent = current(`agent_profiles.${segment(p)}.inherits`, settings.profiles[p]?.inherits).trim().toLowerCase();
      p = parent === '' ? undefined : parent;
    }
    return undefined;
  };
  const allowedFor = (e: Editable): Allowed | null =>
    allowedValues(e.field, { runners: Object.keys(settings.runners), profileAgent: e.profile === undefined ? undefined : profileAgent(e.profile), defaultAgent: current('default_agent', settings.values['default_agent']) || 'claude' });

  const editor = (e: Editable, label: string) => {
    editables.current.set(e.key, e);
    const initial = toDraft(e.field, e.loaded);
    const draft = e.key in drafts ? (drafts[e.key] as Draft) : initial;
    const allowed = allowedFor(e);
    // Checked as you type, but only for what you changed: a saved value was checked by the loader.
    const problem = e.key in drafts && typeof draft === 'string' ? choiceProblem(allowed, draft) : null;
    return (
      <SettingInput
        key={e.key}
        field={e.field}
        label={label}
        name={e.key}
        draft={draft}
        dirty={e.key in drafts}
        error={errors[e.key] ?? problem}
        allowed={allowed}
        source={settings.sources[e.key]}
        onChange={(d) => {
          setDrafts((x) => {
            const next = { ...x };
            if (d === initial) delete next[e.key];
            else next[e.key] = d;
            return next;
          });
          setErrors((x) => {
            const next = { ...x };
            delete next[e.key];
            return next;
          });
        }}
      />
    );
  };

  const send = async (changes: ConfigChangeInput[], pendingKeys: string[]): Promise<boolean> => {
    setBusy(true);
    const r = await client.call('setConfigValues', { changes });
    setBusy(false);
    if (!r.ok) {
      setFormErrors([r.error.message]);
      return false;
    }
    if (!r.value.ok) {
      const at: Record<string, string> = {};
      const general: string[] = [];
      for (const e of r.value.errors) {
        const keys = keysForError(e.key, pendingKeys);
        if (keys.length === 0) general.push(e.message);
        // At the field the file is known; the message keeps the key and what was expected.
        const message = e.message.startsWith(`${settings.file}: `) ? e.message.slice(settings.file.length + 2) : e.message;
        for (const k of keys) at[k] = message;
      }
      setErrors(at);
      setFormErrors(general);
      return false;
    }
    setErrors({});
    setFormErrors([]);
    for (const w of r.value.warnings) onToast(w, 'warn');
    return true;
  };

  const save = async () => {
    const changes: ConfigChangeInput[] = [];
    const local: Record<string, string> = {};
    for (const [key, draft] of Object.entries(drafts)) {
      const e = editables.current.get(key);
      if (!e) continue;
      const out = fromDraft(e.field, draft);
      const problem = typeof draft === 'string' ? choiceProblem(allowedFor(e), draft) : null;
      if (problem) local[key] = problem;
      else if ('invalid' in out) local[key] = out.invalid;
      else if ('remove' in out) changes.push({ key, remove: true });
      else changes.push({ key, value: out.value });
    }
    if (Object.keys(local).length > 0) return setErrors(local);
    if (changes.length === 0) return;
    if (await send(changes, Object.keys(drafts))) {
      setDrafts({});
      onToast(`Saved ${changes.length} setting${changes.length === 1 ? '' : 's'} to ${settings.file}`);
      reload();
    }
  };

  const entryAction = async (change: ConfigChangeInput, done: string) => {
    if (await send([change], [change.key])) {
      onToast(done);
      reload();
    }
  };

  const pending = Object.keys(drafts).length;
  return (
    <>
      <div className="op-settings-grid">
        {groups.map(([g, fields]) => (
          <Section key={g} title={GROUP_TITLE(g)} id={`cfg-group-${g}`}>
            <div className="op-field-grid">{fields.map((f) => editor({ key: f.key, field: f, loaded: settings.values[f.key] }, g === 'general' ? f.key : f.key.slice(g.length + 1)))}</div>
          </Section>
        ))}
        <EntryTable
          title="Agent profiles"
          id="cfg-profiles"
          table="agent_profiles"
          settings={settings}
          entries={settings.profiles}
          editor={editor}
          busy={busy}
          onAdd={(n) => void entryAction({ key: `agent_profiles.${segment(n)}`, value: {} }, `Added profile ${n}`)}
          onDelete={(n) => void entryAction({ key: `agent_profiles.${segment(n)}`, remove: true }, `Deleted profile ${n}`)}
        />
        <EntryTable
          title="Harness runners"
          id="cfg-runners"
          table="harness_runners"
          settings={settings}
          entries={settings.runners}
          editor={editor}
          busy={busy}
          onAdd={(n) => void entryAction({ key: `harness_runners.${segment(n)}`, value: { program: n } }, `Added runner ${n}`)}
          onDelete={(n) => void entryAction({ key: `harness_runners.${segment(n)}`, remove: true }, `Deleted runner ${n}`)}
        />
      </div>
      <div className="op-savebar" role="region" aria-label="Save settings">
        {formErrors.map((e) => (
          <p key={e} className="form-error" role="alert">
            {e}
          </p>
        ))}
        {Object.keys(errors).length > 0 && (
          <p className="op-field-error" role="status">
            {Object.keys(errors).length} setting{Object.keys(errors).length === 1 ? '' : 's'} refused; nothing was saved. See the marked fields.
          </p>
        )}
        <span className="muted small">{pending === 0 ? 'No unsaved changes' : `${pending} unsaved change${pending === 1 ? '' : 's'}`}</span>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-ghost"
          disabled={pending === 0 || busy}
          onClick={() => {
            setDrafts({});
            setErrors({});
            setFormErrors([]);
          }}
        >
          Discard changes
        </button>
        <button type="button" className="btn btn-primary" disabled={pending === 0 || busy} onClick={() => void save()}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </>
  );
}

export function SettingsView({ client, onToast }: ViewProps) {
  const settings = useLoad(() => client.call('getSettings', {}), [client]);
  const s = settings.value;
  return (
    <main className="op-view op-settings" aria-label="Settings">
      <h1 className="op-title">Settings</h1>
      <LoadError error={settings.error} />
      {s && (
        <>
          <p className="muted small">
            Writes <span className="mono">{s.file}</span>
            {s.fileExists ? '' : ' (created on the first save)'}; comments and key order are kept. New sessions use the saved values.
            {s.projectFile && (
              <>
                {' '}
                <span className="mono">{s.projectFile}</span> is layered on top and wins where it sets a key.
              </>
            )}
          </p>
          {s.warnings.map((w) => (
            <p key={w} className="reason">
              {w}
            </p>
          ))}
          <SettingsForm client={client} settings={s} reload={settings.reload} onToast={onToast} />
        </>
      )}
    </main>
  );
}
