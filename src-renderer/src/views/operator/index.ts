// Operator views: automation (schedules, dispatch, templates), budgets and approvals, settings.
import type { ViewDef } from '../types';
import { AutomationView } from './AutomationView';
import { BudgetsView } from './BudgetsView';
import { SettingsView } from './SettingsView';
import './operator.css';

export const operatorViews: ViewDef[] = [
  { id: 'automation', label: 'Automation', icon: 'play', Component: AutomationView },
  { id: 'budgets', label: 'Budgets', icon: 'filter', Component: BudgetsView },
  { id: 'settings', label: 'Settings', icon: 'command', Component: SettingsView },
];
