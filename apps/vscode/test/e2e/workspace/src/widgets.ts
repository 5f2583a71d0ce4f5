// Widgets and the one thing we do to them: frobnicateWidget.
// This file is a fixture of the end-to-end test: the extension learns from it that
// "frobni" goes on as "cateWidget", and shows that as ghost text.

export interface Widget {
  id: number;
  name: string;
  frobnicated: boolean;
}

export function frobnicateWidget(widget: Widget): Widget {
  return { ...widget, frobnicated: true };
}

export function frobnicateWidgets(widgets: Widget[]): Widget[] {
  return widgets.map((widget) => frobnicateWidget(widget));
}

const first: Widget = { id: 1, name: 'first', frobnicated: false };
const second: Widget = { id: 2, name: 'second', frobnicated: false };
const third: Widget = { id: 3, name: 'third', frobnicated: false };

frobnicateWidget(first);
frobnicateWidget(second);
frobnicateWidget(third);
frobnicateWidget(first);
frobnicateWidget(second);
frobnicateWidget(third);

export const again = [
  frobnicateWidget(first),
  frobnicateWidget(second),
  frobnicateWidget(third),
];

export function twice(widget: Widget): Widget {
  return frobnicateWidget(frobnicateWidget(widget));
}

export function thrice(widget: Widget): Widget {
  return frobnicateWidget(frobnicateWidget(frobnicateWidget(widget)));
}

export function maybe(widget: Widget, yes: boolean): Widget {
  if (yes) return frobnicateWidget(widget);
  return widget;
}

export function named(name: string): Widget {
  const widget = frobnicateWidget({ id: 0, name, frobnicated: false });
  return frobnicateWidget(widget);
}

frobnicateWidget(first);
frobnicateWidget(second);
frobnicateWidget(third);
frobnicateWidget(first);
frobnicateWidget(second);
frobnicateWidget(third);
frobnicateWidget(first);
frobnicateWidget(second);
frobnicateWidget(third);
frobnicateWidget(first);
frobnicateWidget(second);
frobnicateWidget(third);
