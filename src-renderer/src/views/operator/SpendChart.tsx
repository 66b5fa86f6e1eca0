// Spend over time as a hand-drawn SVG area chart: axis labels, a threshold line for the budget
// and a text summary for screen readers (the SVG itself is one labelled image).
import type { SpendBucketView } from '../../../../src-main/api/ops-operator';
import { formatCost, formatTokens } from '../../lib/format';

const W = 960;
const H = 220;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v) ?? v;
}

function timeLabel(iso: string, spanMs: number): string {
  const d = new Date(iso);
  return spanMs > 2 * 86_400_000 ? d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' }) : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function SpendChart({ buckets, metric, budget }: { buckets: SpendBucketView[]; metric: 'cost' | 'tokens'; budget: number }) {
  const value = (b: SpendBucketView) => (metric === 'cost' ? b.costUsd : b.tokens);
  const fmt = (n: number) => (metric === 'cost' ? formatCost(n) : formatTokens(n));
  const last = buckets[buckets.length - 1];
  const first = buckets[0];
  if (!first || !last) return <p className="muted">No spend recorded in this window.</p>;
  const peak = Math.max(...buckets.map(value));
  const top = niceMax(Math.max(peak, budget > 0 && budget < peak * 3 ? budget : 0));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (buckets.length === 1 ? innerW : (i / (buckets.length - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const line = buckets.map((b, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(value(b)).toFixed(1)}`).join(' ');
  const area = `${line} L${x(buckets.length - 1).toFixed(1)},${y(0)} L${x(0).toFixed(1)},${y(0)} Z`;
  const span = Date.parse(last.end) - Date.parse(first.start);
  const ticks = [0, 0.5, 1].map((f) => f * top);
  const xTicks = [0, Math.floor((buckets.length - 1) / 2), buckets.length - 1].filter((v, i, a) => a.indexOf(v) === i);
  const spent = value(last) - (metric === 'cost' ? first.costUsd - first.costUsdDelta : first.tokens - first.tokensDelta);
  const busiest = buckets.reduce((a, b) => ((metric === 'cost' ? b.costUsdDelta : b.tokensDelta) > (metric === 'cost' ? a.costUsdDelta : a.tokensDelta) ? b : a), first);
  const summary = `${metric === 'cost' ? 'Cost' : 'Tokens'} over time from ${new Date(first.start).toLocaleString()} to ${new Date(last.end).toLocaleString()}: ${fmt(value(last))} in total at the end, ${fmt(spent)} spent in this window${
    budget > 0 ? ` against a budget of ${fmt(budget)}` : ''
  }; the busiest interval started ${new Date(busiest.start).toLocaleString()}.`;
  return (
    <figure className="op-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={metric === 'cost' ? 'Cost over time' : 'Tokens over time'} aria-describedby={`op-chart-${metric}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="op-chart-grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="op-chart-label">
              {fmt(t)}
            </text>
          </g>
        ))}
        {budget > 0 && budget <= top && (
          <g>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(budget)} y2={y(budget)} className="op-chart-budget" />
            <text x={W - PAD.right} y={y(budget) - 4} textAnchor="end" className="op-chart-label op-chart-budget-label">
              budget {fmt(budget)}
            </text>
          </g>
        )}
        <path d={area} className="op-chart-area" />
        <path d={line} className="op-chart-line" />
        {xTicks.map((i) => (
          <text key={i} x={x(i)} y={H - 8} textAnchor={i === 0 ? 'start' : i === buckets.length - 1 ? 'end' : 'middle'} className="op-chart-label">
            {timeLabel(buckets[i]!.end, span)}
          </text>
        ))}
      </svg>
      <figcaption id={`op-chart-${metric}`} className="muted small">
        {summary}
      </figcaption>
    </figure>
  );
}
