// One config key as a form control, rendered from its schema description. Drafts are text (or a
// boolean); `fromDraft` turns them into what is sent, and the engine's own validation decides.
import type { SettingFieldView } from '../../../../src-main/api/ops-operator';
import { FieldMessage } from './common';
import type { Allowed } from '../../../../src-main/api/setting-choices';

export type Draft = string | boolean;
/** What to send for a draft: a value, a removal (empty: back to the default) or a problem the form can tell by itself. */
export type Outgoing = { value: unknown } | { remove: true } | { invalid: string };

export function toDraft(field: SettingFieldView, value: unknown): Draft {
  if (field.type === 'bool') return value === undefined ? (field.default as boolean | undefined) === true : value === true;
  if (value === undefined || value === null) return '';
  switch (field.type) {
    case 'stringArray':
      return Array.isArray(value) ? value.join('\n') : String(value);
    case 'stringMap':
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('\n');
    case 'tableArray':
    case 'table':
      return JSON.stringify(value, null, 2);
    default:
      return String(value);
  }
}

export function fromDraft(field: SettingFieldView, draft: Draft): Outgoing {
  if (typeof draft === 'boolean') return { value: draft };
  const text = draft.trim();
  switch (field.type) {
    case 'int':
    case 'number':
      // Text that is not a number is sent as text: the engine's message says what it expected.
      if (text === '') return { remove: true };
      return { value: text !== '' && Number.isFinite(Number(text)) ? Number(text) : draft };
    case 'stringArray':
      return { value: draft.split('\n').map((l) => l.trim()).filter(Boolean) };
    case 'stringMap': {
      const map: Record<string, string> = {};
      for (const line of draft.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const eq = line.indexOf('=');
        if (eq <= 0) return { invalid: `"${line}" is not NAME=value; write one NAME=value per line` };
        map[line.slice(0, eq).trim()] = line.slice(eq + 1);
      }
      return { value: map };
    }
    case 'tableArray':
    case 'table':
      if (text === '') return { remove: true };
      try {
        return { value: JSON.parse(text) as unknown };
      } catch (error) {
        return { invalid: `not valid JSON: ${(error as Error).message}` };
      }
    default:
      return text === '' ? { remove: true } : { value: draft };
  }
}

function defaultText(field: SettingFieldView): string | null {
  if (field.default === undefined || field.default === '') return null;
  if (Array.isArray(field.default)) return field.default.length ? field.default.join(', ') : null;
  return typeof field.default === 'object' ? null : String(field.default);
}

export function SettingInput({ field, label, name, draft, error, dirty, source, allowed, onChange }: {
  field: SettingFieldView;
  /** Visible label (the key within its group). */
  label: string;
  /** Full dotted key: the accessible name and the id. */
  name: string;
  draft: Draft;
  error?: string | null | undefined;
  dirty: boolean;
  source?: string | undefined;
  /** A string field's allowed values (offered as suggestions; the form refuses others). */
  allowed?: Allowed | null;
  onChange: (d: Draft) => void;
}) {
  const id = `cfg-${name.replace(/[^\w-]/g, '_')}`;
  const msgId = `${id}-msg`;
  const dflt = defaultText(field);
  const fromFile = source && source !== 'default' ? source.split(/[\\/]/).pop() : null;
  // The engine's fallback line for entry fields repeats the table's summary; the label says enough.
  const description = field.description.startsWith('<name>.') ? '' : field.description;
  const hint = (
    <>
      {description}
      {allowed && ` One of ${allowed.values.join(', ')}.`}
      {dflt !== null && ` Default ${dflt}.`}
      {fromFile && <span title={source}> Set in {fromFile}.</span>}
    </>
  );
  const listId = allowed ? `${id}-choices` : undefined;
  const expects = allowed ? `one of ${allowed.values.join(', ')} (${allowed.what})` : field.expected;
  const common = { id, 'aria-label': name, 'aria-invalid': !!error, 'aria-describedby': msgId, title: `Expects ${expects}` };
  let control;
  if (field.type === 'bool') {
    control = (
      <label className="op-check">
        <input type="checkbox" {...common} checked={draft === true} onChange={(e) => onChange(e.target.checked)} />
        <span>{draft === true ? 'On' : 'Off'}</span>
      </label>
    );
  } else if (field.type === 'enum') {
    control = (
      <select {...common} value={String(draft)} onChange={(e) => onChange(e.target.value)}>
        {draft === '' && <option value="">(default)</option>}
        {(field.values ?? []).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'stringArray' || field.type === 'stringMap' || field.type === 'tableArray' || field.type === 'table') {
    control = (
      <textarea
        {...common}
        className="mono"
        rows={field.type === 'tableArray' || field.type === 'table' ? 4 : 2}
        value={String(draft)}
        placeholder={field.type === 'stringMap' ? 'NAME=value, one per line' : field.type === 'stringArray' ? 'one per line' : 'JSON'}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        {...common}
        className={field.type === 'path' || field.type === 'string' ? 'mono' : ''}
        inputMode={field.type === 'int' ? 'numeric' : field.type === 'number' ? 'decimal' : undefined}
        value={String(draft)}
        placeholder={dflt ?? ''}
        list={listId}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  const choices = allowed && listId && (
    <datalist id={listId}>
      {allowed.values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
  return (
    <div className={`field op-setting ${dirty ? 'op-dirty' : ''} ${error ? 'op-has-error' : ''}`}>
      <label htmlFor={id} className="op-setting-label">
        <span className="mono">{label}</span>
        {dirty && <span className="op-dirty-mark" aria-label="changed" title="Changed, not saved" />}
      </label>
      {control}
      {choices}
      <FieldMessage id={msgId} error={error} hint={hint} />
    </div>
  );
}
