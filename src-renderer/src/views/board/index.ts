// Board views: merge queue, diffs, delegation graph.
import type { ViewDef } from '../types';

export const boardViews: ViewDef[] = [];
