import { useEffect, useRef, useState } from 'react';

/** A small line chart in plain SVG: one or more series over time, with a grid and the latest values. */

export interface Series {
  name: string;
  color: string;
  values: number[];
}

interface ChartProps {
  title: string;
  series: Series[];
  /** Formats axis labels and the latest values. */
  format?: (v: number) => string;
  /** Fixed top of the scale (e.g. 100 for percent); otherwise it follows the data. */
  max?: number;
  height?: number;
}

const PAD = { left: 58, right: 8, top: 8, bottom: 18 };

/** A round step so that four steps cover `v`: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(v: number): number {
  if (v <= 0) return 0.25;
  const raw = v / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** The SVG is drawn at the container's real pixel width, so text and strokes are never stretched. */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(400);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(120, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(120, el.clientWidth));
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function LineChart({ title, series, format = (v) => String(Math.round(v)), max, height = 150 }: ChartProps) {
  const [ref, W] = useWidth();
  const n = Math.max(2, ...series.map((s) => s.values.length));
  const step = max !== undefined ? max / 4 : niceStep(Math.max(0, ...series.flatMap((s) => s.values)));
  const top = step * 4;
  const innerW = W - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const x = (i: number, len: number) => PAD.left + innerW * ((n - len + i) / (n - 1));
  const y = (v: number) => PAD.top + innerH * (1 - Math.min(1, Math.max(0, v) / top));
  const ticks = [0, 1, 2, 3, 4].map((k) => k * step);
  return (
    <div className="chart card">
      <div className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="chart-legend">
          {series.map((s) => (
            <span key={s.name} className="legend-item">
              <i style={{ background: s.color }} />
              {s.name} <b>{s.values.length ? format(s.values[s.values.length - 1]!) : '—'}</b>
            </span>
          ))}
        </span>
      </div>
      <div ref={ref}>
        <svg width={W} height={height} viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title}>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
              <text x={PAD.left - 6} y={y(t) + 3.5} className="axis" textAnchor="end">
                {format(t)}
              </text>
            </g>
          ))}
          <text x={PAD.left} y={height - 4} className="axis">
            {n} s ago
          </text>
          <text x={W - PAD.right} y={height - 4} className="axis" textAnchor="end">
            now
          </text>
          {series.map((s) => {
            if (s.values.length < 2) return null;
            const pts = s.values.map((v, i) => `${x(i, s.values.length).toFixed(1)},${y(v).toFixed(1)}`);
            const area = `M${x(0, s.values.length)},${y(0)} L${pts.join(' L')} L${x(s.values.length - 1, s.values.length)},${y(0)} Z`;
            return (
              <g key={s.name}>
                <path d={area} fill={s.color} opacity={0.1} />
                <polyline points={pts.join(' ')} fill="none" stroke={s.color} strokeWidth={1.6} strokeLinejoin="round" />
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
