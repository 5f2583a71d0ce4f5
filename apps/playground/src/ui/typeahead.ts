import { lmWorker } from '../lm.js';
import type { NextPrediction } from '../worker/lm-api.js';
import { el, showSymbol } from './dom.js';

const GHOST_LENGTH = 32;

/**
 * A text box that shows the model's greedy continuation as ghost text after the caret (as the
 * editor extension does) and, beside it, the distribution of the next character. Ctrl+Enter
 * accepts the ghost text. (Not Tab: Tab must keep moving focus, or keyboard users are trapped.)
 */
export function typeahead(): { root: HTMLElement; refresh: () => void } {
  const input = el('textarea', { rows: 3, spellcheck: false, autocomplete: 'off', placeholder: 'Type here…', 'aria-keyshortcuts': 'Control+Enter' });
  const typed = el('span', { class: 'typed' });
  const ghost = el('span', { class: 'ghost', 'data-testid': 'ghost' });
  const mirror = el('div', { class: 'mirror', 'aria-hidden': 'true' }, typed, ghost);
  const spoken = el('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const list = el('ol', { class: 'distribution', id: 'next-distribution', 'aria-label': 'Most likely next characters' });
  let latest = 0;
  let suggestion = '';

  const render = (prediction: NextPrediction) => {
    suggestion = prediction.ghost.split('\n')[0] ?? '';
    typed.textContent = input.value;
    ghost.textContent = suggestion;
    spoken.textContent = suggestion ? `Suggestion: ${suggestion}` : '';
    list.dataset['logits'] = JSON.stringify(prediction.logits);
    list.replaceChildren(...prediction.top.map(({ symbol, p }) => {
      const bar = el('span', { class: 'bar' });
      bar.style.width = `${(100 * p).toFixed(1)}%`; // CSSOM, not a style attribute: allowed by the CSP
      return el('li', {}, el('code', {}, showSymbol(symbol)), el('span', { class: 'track' }, bar), el('span', { class: 'p' }, `${(100 * p).toFixed(1)}%`));
    }));
  };
  const refresh = () => {
    const mine = ++latest;
    lmWorker().call('next', { text: input.value, length: GHOST_LENGTH, top: 10 }).then((prediction) => {
      if (mine === latest) render(prediction);
    }, (error: unknown) => console.error(error));
  };
  input.addEventListener('input', refresh);
  input.addEventListener('scroll', () => (mirror.scrollTop = input.scrollTop));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && suggestion) {
      event.preventDefault();
      input.setRangeText(suggestion, input.value.length, input.value.length, 'end');
      refresh();
    }
  });

  input.id = 'typeahead';
  input.setAttribute('aria-describedby', 'typeahead-hint');
  const root = el('div', { class: 'typeahead' },
    el('div', { class: 'field' },
      el('label', { for: 'typeahead' }, 'Type, and see what the model expects next'),
      el('div', { class: 'ghost-box' }, mirror, input),
      el('small', { id: 'typeahead-hint', class: 'hint' }, 'The grey text is its greedy continuation; Ctrl+Enter accepts it.')),
    spoken,
    el('h4', {}, 'Next character'),
    list,
  );
  return { root, refresh };
}
