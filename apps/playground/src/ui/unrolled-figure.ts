import type { CellType } from '@recurrent/topologies';
import type { UnrolledStep } from '../worker/lm-api.js';
import { diverging } from './colour.js';
import { showSymbol } from './dom.js';
import { svg } from './svg.js';

const COLUMN = 96, UNIT = 9, PER_ROW = 8, MAX_UNITS = 64;

/** A grid of coloured squares, one per unit (values in [−1, 1]; an LSTM's c is squashed by tanh for colour). */
function units(values: readonly number[], x: number, y: number, squash: boolean): SVGGElement {
  const g = svg('g', { class: 'units' });
  values.slice(0, MAX_UNITS).forEach((v, i) => {
    g.append(svg('rect', {
      x: x + (i % PER_ROW) * UNIT, y: y + Math.floor(i / PER_ROW) * UNIT, width: UNIT - 1, height: UNIT - 1,
      fill: diverging(squash ? Math.tanh(v) : v),
    }));
  });
  return g;
}

function box(x: number, y: number, w: number, h: number, label: string, className: string): SVGGElement {
  const g = svg('g', { class: className });
  g.append(svg('rect', { x, y, width: w, height: h, rx: 6, class: 'box' }));
  g.append(svg('text', { x: x + w / 2, y: y + h / 2 + 5, 'text-anchor': 'middle' }, label));
  return g;
}

function arrow(x1: number, y1: number, x2: number, y2: number): SVGLineElement {
  return svg('line', { x1, y1, x2, y2, class: 'arrow', 'marker-end': 'url(#arrowhead)' });
}

/**
 * The network unrolled over its input: one column per time step, input x_t at the bottom, the
 * hidden state h_t (and an LSTM's cell state c_t) as coloured units, the prediction y_t on top,
 * and the recurrent arrow h_{t−1} → h_t carrying the state right. Steps after `t` are faded:
 * the network has not read them yet.
 */
export function unrolledFigure(steps: readonly UnrolledStep[], cell: CellType, t: number): SVGSVGElement {
  const shown = Math.min(MAX_UNITS, steps[0]?.h.length ?? 0);
  const gridH = Math.ceil(shown / PER_ROW) * UNIT;
  const hasC = steps.some((s) => s.c);
  const stateH = (hasC ? 2 * gridH + 22 : gridH) + 16;
  const top = 8, yH = 44, stateY = top + yH + 30, xY = stateY + stateH + 30;
  const width = 40 + steps.length * COLUMN, height = xY + 40 + 24;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'unrolled', 'data-t': t, 'data-steps': steps.length });
  root.append(svg('title', {}, `The ${cell} unrolled over ${steps.length} characters, at step ${t}`));
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrowhead', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
  defs.append(marker);
  root.append(defs);

  steps.forEach((step, i) => {
    const x = 30 + i * COLUMN, w = PER_ROW * UNIT + 8;
    const g = svg('g', { class: `step${i > t ? ' future' : ''}${i === t ? ' current' : ''}`, 'data-step': i });
    if (i === t) g.setAttribute('data-h', JSON.stringify(step.h));
    const best = step.top[0];
    g.append(box(x, top, w, yH, i > t ? 'y?' : `${showSymbol(best?.symbol ?? '')} ${Math.round(100 * (best?.p ?? 0))}%`, 'out'));
    g.append(svg('rect', { x, y: stateY, width: w, height: stateH, rx: 6, class: 'box state' }));
    g.append(svg('text', { x: x + 4, y: stateY + 12, class: 'small' }, `h${i}`));
    if (i <= t) g.append(units(step.h, x + 4, stateY + 16, false));
    if (hasC && step.c) {
      g.append(svg('text', { x: x + 4, y: stateY + gridH + 30, class: 'small' }, `c${i}`));
      if (i <= t) g.append(units(step.c, x + 4, stateY + gridH + 34, true));
    }
    g.append(box(x, xY, w, 40, showSymbol(step.input), 'in'));
    g.append(arrow(x + w / 2, xY, x + w / 2, stateY + stateH + 2));
    g.append(arrow(x + w / 2, stateY, x + w / 2, top + yH + 2));
    if (i > 0) g.append(arrow(x - COLUMN + w, stateY + stateH / 2, x - 2, stateY + stateH / 2));
    root.append(g);
  });
  root.append(svg('text', { x: 30, y: height - 6, class: 'small' }, 'bottom: input xₜ · middle: state (blue −1 … red +1) · top: most likely next character'));
  return root;
}
