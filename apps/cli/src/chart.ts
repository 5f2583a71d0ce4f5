import asciichart from 'asciichart';

/** A loss curve drawn in the terminal, thinned to fit `width` columns. */
export function lossChart(losses: readonly number[], options: { width?: number; height?: number; title?: string } = {}): string {
  const { width = 60, height = 8, title = 'training loss (nats)' } = options;
  if (losses.length < 2) return '';
  const points: number[] = [];
  const per = losses.length / Math.min(width, losses.length);
  for (let i = 0; i < Math.min(width, losses.length); i++) {
    // Each column shows the mean of the steps it covers, so the curve is smooth but honest.
    const from = Math.floor(i * per), to = Math.max(from + 1, Math.floor((i + 1) * per));
    const slice = losses.slice(from, to);
    points.push(slice.reduce((a, b) => a + b, 0) / slice.length);
  }
  return `${title}, steps 1–${losses.length}\n${asciichart.plot(points, { height, format: (x: number) => x.toFixed(2).padStart(6) })}`;
}
