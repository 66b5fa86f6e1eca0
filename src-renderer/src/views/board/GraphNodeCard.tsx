// A session in the delegation graph: task, id, state, handoff backlog and unread messages.
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GraphNode } from '../../../../src-main/api/ops-board';
import { StateBadge } from '../../components/Sidebar';
import { NODE_H, NODE_W } from './graph-layout';

export type SessionNode = Node<{ node: GraphNode }, 'session'>;

export const ROLE_LABEL: Record<GraphNode['role'], string> = {
  lead: 'Lead',
  delegate: 'Delegate',
  lead_and_delegate: 'Lead · delegate',
  standalone: 'Session',
};

export function nodeAriaLabel(n: GraphNode): string {
  const task = n.task.split('\n')[0] ?? n.task;
  return `${ROLE_LABEL[n.role]} ${n.sessionId}: ${task} — ${n.state}, backlog ${n.handoffBacklog}, unread ${n.unreadCount}`;
}

export function GraphNodeCard({ data, selected }: NodeProps<SessionNode>) {
  const n = data.node;
  const kind = n.attention === 'needs_input' && ['pending', 'running', 'idle', 'stale'].includes(n.state) ? 'needs_input' : n.state;
  return (
    <div className={`graph-node role-${n.role} ${selected ? 'selected' : ''}`} style={{ width: NODE_W, minHeight: NODE_H }}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="graph-handle" />
      <div className="graph-node-top">
        <span className="graph-role">{ROLE_LABEL[n.role]}</span>
        <StateBadge kind={kind} compact />
      </div>
      <div className="graph-task" title={n.task}>
        {n.task.split('\n')[0]}
      </div>
      <div className="graph-meta">
        <span className="mono">{n.sessionId}</span>
        <span className={`chip ${n.handoffBacklog > 0 ? 'chip-warn' : ''}`} data-backlog={n.handoffBacklog} title="Unread task handoffs waiting for this session">
          backlog {n.handoffBacklog}
        </span>
        <span className={`chip ${n.unreadCount > 0 ? 'chip-info' : ''}`} data-unread={n.unreadCount} title="Unread messages of any kind">
          unread {n.unreadCount}
        </span>
        {n.atCapacity && (
          <span className="chip chip-bad" title="Has max_parallel_sessions delegates: new work is queued, not spawned">
            at capacity
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="graph-handle" />
    </div>
  );
}
