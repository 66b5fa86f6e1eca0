// Operations of the operator views (schedules, dispatch, templates, budgets, approvals, tool log,
// settings). Spread into `operations`.
export const operatorOperations = {} as const;
