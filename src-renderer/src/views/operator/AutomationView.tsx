// The automation view: schedules, the remote-dispatch inbox and the template launcher.
import type { ViewProps } from '../types';
import { DispatchInbox, TemplateLauncher } from './Dispatch';
import { Schedules } from './Schedules';

export function AutomationView({ client, now, onOpenSession, onToast }: ViewProps) {
  return (
    <main className="op-view" aria-label="Automation">
      <h1 className="op-title">Automation</h1>
      <Schedules client={client} onToast={onToast} />
      <div className="op-columns">
        <DispatchInbox client={client} now={now} onOpenSession={onOpenSession} />
        <TemplateLauncher client={client} onOpenSession={onOpenSession} onToast={onToast} />
      </div>
    </main>
  );
}
