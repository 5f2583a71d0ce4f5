/**
 * A few DOM helpers, so pages read as the structure they build. Attributes are set one by one
 * (never an HTML string), so user text is never parsed as markup and no inline style or
 * script is needed under the Content-Security-Policy.
 */

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined>;

/** An element with attributes (`true` sets a boolean attribute, `false`/`undefined` skips) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return node;
}

let counter = 0;
/** A unique id for pairing a label with its control. */
export function uid(prefix: string): string {
  return `${prefix}-${++counter}`;
}

/** A labelled control: the label names the control for assistive technology and enlarges its click target. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLDivElement {
  control.id ||= uid('f');
  const children: Child[] = [el('label', { for: control.id }, label), control];
  if (hint) {
    const hintId = uid('hint');
    control.setAttribute('aria-describedby', hintId);
    children.push(el('small', { id: hintId, class: 'hint' }, hint));
  }
  return el('div', { class: 'field' }, ...children);
}

/** A <select> of [value, label] pairs. */
export function select(name: string, options: readonly (readonly [string, string])[], value: string): HTMLSelectElement {
  const node = el('select', { name });
  for (const [v, text] of options) node.append(el('option', { value: v, selected: v === value }, text));
  node.value = value;
  return node;
}

/** A number input with bounds. */
export function numberInput(name: string, value: number, min: number, max: number, step: number | 'any' = 1): HTMLInputElement {
  return el('input', { type: 'number', name, value, min, max, step, inputmode: 'decimal' });
}

/** A slider that shows its value beside it (the <output> is tied to it for screen readers too). */
export function slider(label: string, name: string, value: number, min: number, max: number, step: number, format: (v: number) => string = String): { root: HTMLDivElement; input: HTMLInputElement } {
  // Bounds before the value: Chromium fits a range's value to the bounds and step in force when
  // it is set, so a value set first comes out wrong (top-p's 1 became 0.05, a temperature's 0.8 became 1).
  const input = el('input', { type: 'range', name, min, max, step, value });
  const out = el('output', { for: (input.id = uid('s')) }, format(value));
  input.addEventListener('input', () => (out.textContent = format(Number(input.value))));
  const root = field(label, input);
  root.classList.add('slider');
  root.querySelector('label')!.append(' ', out);
  return { root, input };
}

/** A button; `onClick` errors are shown in the page's status line rather than lost. */
export function button(text: string, onClick: () => unknown, attributes: Attributes = {}): HTMLButtonElement {
  const node = el('button', { type: 'button', ...attributes }, text);
  node.addEventListener('click', () => {
    Promise.resolve().then(onClick).catch((error: unknown) => reportError(error));
  });
  return node;
}

/** Shows an error to the user (in the shared status region) and logs it. */
export function reportError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const status = document.getElementById('status');
  if (status) status.textContent = `Error: ${message}`;
  console.error(message);
}

/** Announces a short message in the shared polite live region. */
export function announce(message: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}

/** Shows a symbol so that spaces and line breaks are visible. */
export function showSymbol(symbol: string): string {
  if (symbol === ' ') return '␣';
  if (symbol === '\n') return '⏎';
  if (symbol === '\t') return '⇥';
  return symbol;
}
