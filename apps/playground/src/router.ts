/** A page: builds itself into `root` and returns what to do when the visitor leaves it. */
export type Page = (root: HTMLElement) => () => void;

/** A page module, loaded when first visited so the first screen loads only what it shows. */
export interface Route {
  path: string;
  title: string;
  load: () => Promise<Page>;
}

/**
 * Hash routing (`#/gradients`): a static host serves one index.html for every page, with no
 * server rewrite rules. Moves focus to the new page's heading so keyboard and screen-reader
 * users land on what changed.
 */
export function startRouter(routes: readonly Route[], root: HTMLElement): void {
  let leave: (() => void) | undefined;
  let visit = 0;
  const show = async () => {
    const path = location.hash.replace(/^#/, '') || routes[0]!.path;
    const route = routes.find((r) => r.path === path) ?? routes[0]!;
    const mine = ++visit;
    const page = await route.load();
    if (mine !== visit) return; // another navigation happened while this page loaded
    leave?.();
    root.replaceChildren();
    const status = document.getElementById('status');
    if (status) status.textContent = ''; // the last page's news is not this one's
    document.title = `${route.title} · recurrent playground`;
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
      if (link.getAttribute('href') === `#${route.path}`) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    leave = page(root);
    root.querySelector<HTMLElement>('h2')?.setAttribute('tabindex', '-1');
    if (visit > 1) root.querySelector<HTMLElement>('h2')?.focus();
  };
  addEventListener('hashchange', () => void show());
  void show();
}
