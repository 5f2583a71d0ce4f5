import { lmWorker } from '../lm.js';
import { button, el, field, numberInput, slider } from './dom.js';

/**
 * Sampling controls: temperature (0 = greedy), top-k, top-p (nucleus), a prefix and a length;
 * "sample as it learns" redraws a sample every couple of seconds while the model trains, so a
 * learner watches babble turn into words.
 */
export function sampler(): { root: HTMLElement; whileTraining: () => void } {
  const temperature = slider('Temperature', 'temperature', 0.8, 0, 2, 0.05, (v) => (v === 0 ? '0 (greedy)' : v.toFixed(2)));
  const topK = slider('Top-k', 'top-k', 0, 0, 40, 1, (v) => (v === 0 ? 'off' : String(v)));
  const topP = slider('Top-p', 'top-p', 1, 0.05, 1, 0.05, (v) => (v === 1 ? 'off' : v.toFixed(2)));
  const prefix = el('input', { type: 'text', name: 'prefix', value: 'the ', autocomplete: 'off' });
  const length = numberInput('length', 200, 1, 2000);
  const live = el('input', { type: 'checkbox', name: 'live', checked: true });
  const output = el('pre', { id: 'sample-output', class: 'sample', tabindex: 0, 'aria-label': 'Sampled text' });
  let seed = 1;
  let pending = false;
  let last = 0;

  const sample = async () => {
    pending = true;
    try {
      const text = await lmWorker().call('sample', {
        prefix: prefix.value, length: Math.max(1, Math.min(2000, Number(length.value) || 200)),
        temperature: Number(temperature.input.value), topK: Number(topK.input.value), topP: Number(topP.input.value), seed: seed++,
      });
      output.textContent = '';
      output.append(el('span', { class: 'prefix' }, prefix.value), text);
      output.dataset['samples'] = String(seed - 1);
    } finally {
      pending = false;
      last = performance.now();
    }
  };
  const whileTraining = () => {
    if (live.checked && !pending && performance.now() - last > 2000) void sample().catch((e: unknown) => console.error(e));
  };

  const root = el('div', { class: 'sampler' },
    el('div', { class: 'controls' },
      temperature.root, topK.root, topP.root,
      field('Prefix', prefix), field('Length', length),
      el('div', { class: 'field checkbox' }, live, el('label', { for: (live.id = 'live-sample') }, 'Sample as it learns'))),
    button('Sample', sample, { id: 'sample' }),
    output,
  );
  return { root, whileTraining };
}
