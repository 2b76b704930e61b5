import { useId } from 'react';

export interface BarDatum {
  key: string;
  label: string;
  value: number;
  /** A target line drawn across the bar (e.g. the quarter's admission target). */
  target?: number | null;
  /** Text after the bar (default: the value). */
  valueText?: string;
}

/**
 * A horizontal bar chart in SVG with an optional target mark per bar. Described for assistive
 * technology by a visually hidden table of the same figures (`caption` names it).
 */
export function BarChart({ data, caption, valueHeader, targetHeader, max: fixedMax, hideCaption }: { data: BarDatum[]; caption: string; valueHeader: string; targetHeader?: string; max?: number; hideCaption?: boolean }) {
  const id = useId();
  const rowHeight = 28;
  const labelWidth = 250;
  const width = 620;
  const barArea = width - labelWidth - 90;
  const max = Math.max(fixedMax ?? 0, 1, ...data.map((d) => Math.max(d.value, d.target ?? 0)));
  const height = data.length * rowHeight + 8;
  const showTarget = data.some((d) => d.target != null);
  return (
    <figure className="chart">
      <figcaption id={`${id}-caption`} className={hideCaption ? 'visually-hidden' : undefined}>
        {caption}
      </figcaption>
      <svg role="img" aria-labelledby={`${id}-caption`} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} preserveAspectRatio="xMinYMin meet" data-testid="bar-chart">
        {data.map((d, i) => {
          const y = i * rowHeight + 4;
          const w = Math.round((d.value / max) * barArea);
          return (
            <g key={d.key} data-key={d.key} data-value={d.value} data-target={d.target ?? ''}>
              <text x={labelWidth - 8} y={y + rowHeight / 2 + 4} textAnchor="end" className="chart-label">
                {d.label.length > 36 ? `${d.label.slice(0, 35)}…` : d.label}
                <title>{d.label}</title>
              </text>
              <rect x={labelWidth} y={y + 4} width={w} height={rowHeight - 10} className="chart-bar" rx="2" />
              {d.target != null && (
                <line className="chart-target" x1={labelWidth + Math.round((d.target / max) * barArea)} x2={labelWidth + Math.round((d.target / max) * barArea)} y1={y + 1} y2={y + rowHeight - 3} />
              )}
              <text x={labelWidth + w + 6} y={y + rowHeight / 2 + 4} className="chart-value">
                {d.valueText ?? d.value}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col"> </th>
            <th scope="col">{valueHeader}</th>
            {showTarget && <th scope="col">{targetHeader}</th>}
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.key}>
              <th scope="row">{d.label}</th>
              <td>{d.valueText ?? d.value}</td>
              {showTarget && <td>{d.target ?? '–'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
