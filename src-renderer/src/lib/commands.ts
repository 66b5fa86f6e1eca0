// The command palette's list: every action a button offers in the top bar, the session header and
// the merge queue, plus views and sessions to jump to. Kept apart from App so the list is one place.
import type { Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import type { Command } from '../components/CommandPalette';
import type { Toast } from '../components/Toasts';
import { isLive } from './format';

export type SessionAction = 'stop' | 'resume' | 'delete' | 'open';

export interface CommandContext {
  client: ApiClient;
  theme: 'dark' | 'light';
  selected: Session | null;
  sessions: Session[];
  tabs: { id: string; label: string }[];
  openDialog: (d: 'new' | 'search') => void;
  toggleTheme: () => void;
  move: (delta: number) => void;
  find: () => void;
  act: (s: Session, a: SessionAction) => Promise<void> | void;
  select: (id: string) => void;
  showView: (id: string) => void;
  toast: (text: string, kind?: Toast['kind']) => void;
  /** Asks the person before a destructive command (window.confirm in the app). */
  confirm: (question: string) => boolean;
}

const first = (task: string) => task.split('\n')[0] ?? task;

function boardCommands(c: CommandContext): Command[] {
  const { client, toast } = c;
  const list: Command[] = [
    {
      id: 'merge-all',
      group: 'Merge queue',
      title: 'Merge all ready branches',
      run: () => {
        c.showView('merge-queue');
        void client.call('mergeAllReady', {}).then((r) => {
          if (!r.ok) return toast(r.error.message, 'error');
          if (!r.value.ok) return toast(`Merge all ready failed: ${r.value.error}`, 'error');
          const o = r.value.result;
          toast(`Merge all ready: merged ${o.merged.length}${o.rebased.length ? `, rebased ${o.rebased.length}` : ''}${o.failures.length ? `, ${o.failures.length} failed` : ''}.`, o.failures.length ? 'error' : 'info');
        });
      },
    },
    {
      id: 'clean-merged',
      group: 'Merge queue',
      title: 'Clean up merged worktrees',
      run: () => {
        c.showView('merge-queue');
        void client.call('cleanUpMerged', {}).then((r) => {
          if (!r.ok) return toast(r.error.message, 'error');
          if (!r.value.ok) return toast(`Clean up merged failed: ${r.value.error}`, 'error');
          const o = r.value.result;
          toast(`Clean up merged: removed ${o.cleanedSessionIds.length} ${o.cleanedSessionIds.length === 1 ? 'worktree' : 'worktrees'}${o.skipped.length ? `, kept ${o.skipped.length}` : ''}.`);
        });
      },
    },
  ];
  const s = c.selected;
  if (s?.worktree && !isLive(s)) {
    const id = s.id;
    const wt = s.worktree;
    list.push(
      {
        id: 'merge-one',
        group: 'Merge queue',
        title: `Merge ${wt.branch} into ${wt.baseBranch}`,
        run: () =>
          void client.call('mergeCard', { id }).then((r) => {
            if (!r.ok) return toast(r.error.message, 'error');
            toast(r.value.ok ? `Merged ${r.value.result.branch} into ${r.value.result.baseBranch}` : `Merge failed: ${r.value.error}`, r.value.ok ? 'info' : 'error');
          }),
      },
      {
        id: 'rebase-one',
        group: 'Merge queue',
        title: `Rebase ${wt.branch} onto ${wt.baseBranch}`,
        run: () =>
          void client.call('rebaseCard', { id }).then((r) => {
            if (!r.ok) return toast(r.error.message, 'error');
            toast(r.value.ok ? `Rebased ${r.value.result.branch} onto ${r.value.result.baseBranch}` : `Rebase failed: ${r.value.error}`, r.value.ok ? 'info' : 'error');
          }),
      },
      {
        id: 'commit-one',
        group: 'Merge queue',
        title: `Commit the work of ${id} on ${wt.branch}`,
        run: () =>
          void client.call('commitCard', { id }).then((r) => {
            if (!r.ok) return toast(r.error.message, 'error');
            if (!r.value.ok) return toast(`Commit failed: ${r.value.error}`, 'error');
            const o = r.value.result;
            toast(o.committed ? `Committed ${o.files} ${o.files === 1 ? 'file' : 'files'} on ${o.branch}` : (o.note ?? 'Nothing to commit'));
          }),
      },
    );
  }
  return list;
}

export function buildCommands(c: CommandContext): Command[] {
  const list: Command[] = [
    { id: 'new', group: 'Session', title: 'New session…', hint: 'Alt+N', run: () => c.openDialog('new') },
    { id: 'search', group: 'Search', title: 'Search all output…', hint: 'Ctrl+Shift+F', run: () => c.openDialog('search') },
    { id: 'theme', group: 'View', title: `Switch to ${c.theme === 'dark' ? 'light' : 'dark'} theme`, hint: 'Ctrl+Shift+L', run: c.toggleTheme },
    { id: 'next', group: 'View', title: 'Next session', hint: 'Alt+↓', run: () => c.move(1) },
    { id: 'prev', group: 'View', title: 'Previous session', hint: 'Alt+↑', run: () => c.move(-1) },
    { id: 'settings', group: 'View', title: 'Open settings', run: () => c.showView('settings') },
  ];
  const s = c.selected;
  if (s) {
    list.push({ id: 'find', group: 'Terminal', title: 'Find in this output', hint: 'Ctrl+F', run: c.find });
    if (isLive(s)) list.push({ id: 'stop', group: 'Session', title: `Stop ${s.id} (${first(s.task)})`, run: () => void c.act(s, 'stop') });
    else if (s.state !== 'completed') list.push({ id: 'resume', group: 'Session', title: `Resume ${s.id} (${first(s.task)})`, run: () => void c.act(s, 'resume') });
    list.push({ id: 'open', group: 'Session', title: `Open folder of ${s.id}`, run: () => void c.act(s, 'open') });
    if (!isLive(s) || s.state === 'stale') {
      list.push({
        id: 'delete',
        group: 'Session',
        title: `Delete ${s.id} (${first(s.task)})…`,
        run: () => {
          if (c.confirm(`Delete session ${s.id}, its worktree and its log? (Refused while the worktree holds unmerged work.)`)) void c.act(s, 'delete');
        },
      });
    }
  }
  list.push(...boardCommands(c));
  for (const v of c.tabs) list.push({ id: `view-${v.id}`, group: 'View', title: `Show ${v.label}`, run: () => c.showView(v.id) });
  for (const x of c.sessions) list.push({ id: `go-${x.id}`, group: 'Go to', title: `${first(x.task)} (${x.id})`, hint: x.state, run: () => c.select(x.id) });
  return list;
}
