// Board views: merge queue, diffs, delegation graph.
import type { ViewDef } from '../types';
import { DelegationView } from './DelegationView';
import { DiffView } from './DiffView';
import { MergeBoardView } from './MergeBoardView';

export const boardViews: ViewDef[] = [
  { id: 'merge-queue', label: 'Merge queue', icon: 'filter', Component: MergeBoardView },
  { id: 'diffs', label: 'Diffs', icon: 'copy', Component: DiffView },
  { id: 'delegation', label: 'Delegation', icon: 'command', Component: DelegationView },
];
