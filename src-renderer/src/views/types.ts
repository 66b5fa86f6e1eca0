// A view of the main area besides the session view: the operator boards, schedules, budgets, ...
import type { ReactElement } from 'react';
import type { Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import type { IconName } from '../components/Icons';
import type { Toast } from '../components/Toasts';

export interface ViewProps {
  client: ApiClient;
  theme: 'dark' | 'light';
  sessions: Session[];
  now: number;
  /** Switches to the session view with this session selected. */
  onOpenSession: (id: string) => void;
  onToast: (text: string, kind?: Toast['kind']) => void;
}

export interface ViewDef {
  id: string;
  label: string;
  icon: IconName;
  Component: (props: ViewProps) => ReactElement;
}
