// Operator views: schedules, dispatch and templates, budgets, approvals, tool log, settings.
import type { ViewDef } from '../types';

export const operatorViews: ViewDef[] = [];
