// Operations of the board views (merge queue, diffs, delegation graph). Spread into `operations`.
export const boardOperations = {} as const;
