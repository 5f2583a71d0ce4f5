/** How far before the cursor a remembered state may start before we start over (in context lengths). */
const ANCHOR_SLACK = 4;

/**
 * Where the text the model reads starts: the previous anchor while the cursor moves forward
 * within reach of it (so the remembered state is reused), else `contextLength` before the cursor.
 */
export function anchorFor(previous: number | undefined, offset: number, contextLength: number): number {
  if (previous !== undefined && previous <= offset && offset - previous <= ANCHOR_SLACK * contextLength) return previous;
  return Math.max(0, offset - contextLength);
}
