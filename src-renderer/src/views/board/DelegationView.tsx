// The delegation graph: leads and their delegates (edges are task handoffs, coloured once the
// delegate reported its result), with each session's state, backlog and unread count; the
// coordination status and the selected session's actions beside it. Teams only unless asked.
// Click or Space selects a node; double-click or Enter opens the session.
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, applyNodeChanges, getViewportForBounds, useNodesInitialized, useReactFlow, type Edge, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CoordinationStatus } from '../../../../src-main/api';
import type { DelegationGraph, GraphEdge } from '../../../../src-main/api/ops-board';
import type { ViewProps } from '../types';
import { GraphNodeCard, nodeAriaLabel, type SessionNode } from './GraphNodeCard';
import { layoutGraph, NODE_H, NODE_W, READABLE_ZOOM } from './graph-layout';
import { CoordinationPanel, LeadPanel } from './LeadPanel';
import './board.css';

const POLL_MS = 5000;
const nodeTypes = { session: GraphNodeCard };

const FIT_PADDING_PX = 14;
const MAX_ZOOM = 1.25;

function toFlowNodes(graph: DelegationGraph, selectedId: string | null, aspect: number): SessionNode[] {
  const { nodes } = graph;
  const at = layoutGraph(
    nodes.map((n) => ({ id: n.sessionId, parentId: n.parentId })),
    aspect,
  );
  const fromLead = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const parent = nodes.find((n) => n.sessionId === e.to)?.parentId;
    if (parent === e.from) fromLead.set(e.to, e);
  }
  return nodes.map((n) => ({
    id: n.sessionId,
    type: 'session',
    position: at.get(n.sessionId) ?? { x: 0, y: 0 },
    data: { node: n, fromLead: fromLead.get(n.sessionId) ?? null },
    selected: n.sessionId === selectedId,
    ariaLabel: nodeAriaLabel(n, fromLead.get(n.sessionId) ?? null),
    ariaRole: 'button',
    draggable: false,
    connectable: false,
  }));
}

function toFlowEdges(graph: DelegationGraph): Edge[] {
  // No labels on the edges: in a grid of delegates they would sit under the nodes; the counts are on
  // the delegate's node, the edge's colour says whether it has reported back.
  return graph.edges.map((e) => ({
    id: `${e.from}->${e.to}`,
    source: e.from,
    target: e.to,
    ariaLabel: `${e.from} handed ${e.handoffs} ${e.handoffs === 1 ? 'task' : 'tasks'} to ${e.to}, ${e.unread} unread${e.result ? `; ${e.to} reported ${e.result.outcome}` : ''}`,
    className: [e.unread > 0 ? 'edge-unread' : '', e.result ? `edge-result-${e.result.outcome}` : ''].filter(Boolean).join(' '),
    animated: e.result !== null && !e.result.read,
    data: { handoffs: e.handoffs, unread: e.unread, result: e.result?.outcome ?? null },
    markerEnd: { type: MarkerType.ArrowClosed },
    focusable: false,
    selectable: false,
  }));
}

interface CanvasProps {
  graph: DelegationGraph;
  selectedId: string | null;
  theme: 'dark' | 'light';
  /** Width / height of the canvas, which the layout packs toward. */
  aspect: number;
  onSelect: (id: string | null) => void;
  onOpenSession: (id: string) => void;
}

function GraphCanvas({ graph, selectedId, theme, aspect, onSelect, onOpenSession }: CanvasProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const [nodes, setNodes] = useState<SessionNode[]>([]);
  const edges = useMemo(() => toFlowEdges(graph), [graph]);
  const flow = useReactFlow();
  const [size, setSize] = useState({ w: 0, h: 0 });
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => setSize({ w: Math.round(el.clientWidth / 8) * 8, h: Math.round(el.clientHeight / 8) * 8 });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const idsKey = `${graph.nodes.map((n) => n.sessionId).join(',')}@${aspect.toFixed(1)}`;
  const fitKey = `${idsKey}@${size.w}x${size.h}`;
  const [laidOut, setLaidOut] = useState('');
  const lastKey = useRef('');

  useEffect(() => {
    setNodes(toFlowNodes(graph, selectedId, aspect));
    setLaidOut(idsKey);
  }, [graph, selectedId, aspect, idsKey]);
  const measured = useNodesInitialized();
  // A new set of sessions (or a resized canvas) re-fits the view once the new layout is in place
  // (refreshes with the same sessions keep the user's zoom and pan). Never below READABLE_ZOOM: a
  // graph too big for the canvas shows its first teams readable, and the rest is a pan (or the
  // fit-view control) away.
  useEffect(() => {
    if (!measured || laidOut !== idsKey || lastKey.current === fitKey || size.w === 0 || size.h === 0 || nodes.length === 0) return;
    lastKey.current = fitKey;
    const xs = nodes.map((n) => n.position.x);
    const ys = nodes.map((n) => n.position.y);
    const bounds = { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) + NODE_W - Math.min(...xs), height: Math.max(...ys) + NODE_H - Math.min(...ys) };
    const fit = getViewportForBounds(bounds, size.w, size.h, 0.1, MAX_ZOOM, `${FIT_PADDING_PX}px`);
    if (fit.zoom >= READABLE_ZOOM) void flow.setViewport(fit);
    else void flow.setViewport({ zoom: READABLE_ZOOM, x: FIT_PADDING_PX - bounds.x * READABLE_ZOOM, y: FIT_PADDING_PX - bounds.y * READABLE_ZOOM });
  }, [measured, laidOut, idsKey, fitKey, size, nodes, flow]);

  // Enter on a focused node opens its session (React Flow would select it; Space still does).
  const onKeyDownCapture = (e: React.KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    const id = (e.target as HTMLElement).closest('.react-flow__node')?.getAttribute('data-id');
    if (!id) return;
    e.preventDefault();
    e.stopPropagation();
    onOpenSession(id);
  };

  const onNodesChange = useCallback(
    (changes: NodeChange<SessionNode>[]) => {
      setNodes((ns) => applyNodeChanges(changes, ns));
      for (const c of changes) {
        if (c.type !== 'select') continue;
        if (c.selected) onSelect(c.id);
      }
    },
    [onSelect],
  );

  return (
    <div className="graph-flow" ref={wrap} onKeyDownCapture={onKeyDownCapture}>
      <ReactFlow<SessionNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDoubleClick={(_, node) => onOpenSession(node.id)}
        zoomOnDoubleClick={false}
        onPaneClick={() => onSelect(null)}
        colorMode={theme}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        minZoom={0.1}
        maxZoom={1.6}
        fitViewOptions={{ padding: `${FIT_PADDING_PX}px`, maxZoom: MAX_ZOOM }}
        aria-label="Delegation graph"
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}

export function DelegationView({ client, theme, sessions, onOpenSession }: ViewProps) {
  const [graph, setGraph] = useState<DelegationGraph | null>(null);
  const [status, setStatus] = useState<CoordinationStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Teams only by default: sessions that lead or were delegated work (all sessions on request).
  const [showAll, setShowAll] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const canvasRef = useRef<HTMLDivElement>(null);
  const [aspect, setAspect] = useState(16 / 9);
  useEffect(() => {
    const el = canvasRef.current;
    if (!el) return;
    const measure = () => el.clientHeight > 0 && setAspect(Math.round((el.clientWidth / el.clientHeight) * 10) / 10);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const refresh = useCallback(async () => {
    const [g, s] = await Promise.all([client.call('delegationGraph', {}), client.call('coordinationStatus', {})]);
    if (g.ok) {
      setGraph(g.value);
      setError(null);
    } else setError(g.error.message);
    if (s.ok) setStatus(s.value);
  }, [client]);

  useEffect(() => {
    void refresh();
    const t = setInterval(() => document.visibilityState === 'visible' && void refresh(), POLL_MS);
    return () => clearInterval(t);
  }, [refresh]);
  // New sessions and state changes show at once.
  const sessionKey = sessions.map((s) => `${s.id}:${s.state}`).join('|');
  useEffect(() => {
    const t = setTimeout(() => void refresh(), 800);
    return () => clearTimeout(t);
  }, [sessionKey, refresh]);

  const shown = useMemo<DelegationGraph | null>(() => {
    if (!graph || showAll) return graph;
    return { ...graph, nodes: graph.nodes.filter((n) => n.role !== 'standalone') };
  }, [graph, showAll]);
  const select = useCallback((id: string | null) => {
    setSelectedId(id);
    if (id) setPanelOpen(true);
  }, []);
  const selected = graph?.nodes.find((n) => n.sessionId === selectedId) ?? null;
  const leads = graph?.nodes.filter((n) => n.role === 'lead').length ?? 0;
  const delegates = graph?.nodes.filter((n) => n.role === 'delegate' || n.role === 'lead_and_delegate').length ?? 0;

  return (
    <main className="board-view graph-view" aria-label="Delegation">
      <header className="board-head">
        <h1 className="board-title">Delegation</h1>
        <span className="muted small">
          {graph && shown ? `${leads} ${leads === 1 ? 'lead' : 'leads'} · ${delegates} ${delegates === 1 ? 'delegate' : 'delegates'} · ${shown.nodes.length} of ${graph.totalSessions} sessions shown` : 'Loading…'}
        </span>
        <span className="spacer" />
        <label className="check" title="Also draw sessions that are in no team">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          All sessions
        </label>
        <button type="button" className="btn btn-sm graph-panel-toggle" aria-expanded={panelOpen} aria-controls="graph-side" onClick={() => setPanelOpen((o) => !o)}>
          {panelOpen ? 'Hide panel' : 'Show panel'}
        </button>
        <button type="button" className="btn btn-sm" onClick={() => void refresh()}>
          Refresh
        </button>
      </header>
      {error && (
        <p className="reason reason-bad board-note" role="alert">
          Could not load the delegation graph: {error}
        </p>
      )}
      <div className="graph-layout">
        <div className="graph-canvas" ref={canvasRef}>
          {shown && shown.nodes.length > 0 && (
            <ReactFlowProvider>
              <GraphCanvas graph={shown} selectedId={selectedId} theme={theme} aspect={aspect} onSelect={select} onOpenSession={onOpenSession} />
            </ReactFlowProvider>
          )}
          {shown && shown.nodes.length === 0 && (
            <p className="muted pad">
              No sessions{showAll ? '' : ' in a team'} yet. A lead gets delegates when it hands work on (assign, delegate, or a template's steps).
              {!showAll && graph && graph.nodes.length > 0 ? ' Tick "All sessions" to see the others.' : ''}
            </p>
          )}
        </div>
        <aside id="graph-side" className={`graph-side ${panelOpen ? 'open' : ''}`} aria-label="Coordination and lead actions">
          <CoordinationPanel status={status} />
          {selected ? (
            <LeadPanel
              key={selected.sessionId}
              client={client}
              node={selected}
              graph={graph}
              onOpenSession={onOpenSession}
              onChanged={() => void refresh()}
            />
          ) : (
            <section className="side-card">
              <p className="muted small">Select a session in the graph (click it, or Tab to it and press Space) to assign it a task, drain its inbox, read its delegates' results or rebalance its team. Double-click or Enter opens the session.</p>
            </section>
          )}
        </aside>
      </div>
    </main>
  );
}
