import { lmWorker } from '../lm.js';
import type { Page } from '../router.js';
import { deleteModel, getModel, listModels, putModel, type SavedModel } from '../storage/models-db.js';
import { announce, button, el, field, showSymbol } from '../ui/dom.js';
import { download } from '../ui/download.js';
import type { FileFormat, ModelSummary } from '../worker/lm-api.js';
import { describeModel } from '../ui/model-line.js';

/** What the fingerprint reads: the model's logits after this prompt identify its weights. */
const PROBE = 'the ';
const EXTENSION: Record<FileFormat, string> = { native: 'rnn', safetensors: 'safetensors' };

function fileName(m: ModelSummary, format: FileFormat): string {
  return `char-${m.cell}-${m.numLayers}x${m.hiddenSize}-${m.steps}steps.${EXTENSION[format]}`;
}

/**
 * Models: the worker's current model saved to and loaded from this browser (IndexedDB), and
 * downloaded or uploaded as the native `.rnn` file or PyTorch-named safetensors — the files
 * `recurrent sample`, `recurrent import` and the editor extension read.
 */
export const modelsPage: Page = (root) => {
  const worker = lmWorker();
  const current = el('p', { id: 'current-model' }, 'No model yet.');
  const fingerprint = el('p', { id: 'fingerprint', class: 'result' });
  const name = el('input', { type: 'text', name: 'model-name', value: 'my model', autocomplete: 'off' });
  const upload = el('input', { type: 'file', id: 'upload', accept: '.rnn,.safetensors,application/octet-stream' });
  const list = el('tbody', {});
  const table = el('div', { class: 'scroll' }, el('table', { id: 'saved-models' },
    el('caption', { class: 'visually-hidden' }, 'Models saved in this browser'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Model'), el('th', { scope: 'col' }, 'Size'), el('th', { scope: 'col' }, 'Saved'), el('th', { scope: 'col' }, 'Actions'))),
    list));
  let summary: ModelSummary | undefined;

  const refresh = async () => {
    const info = await worker.call('info', {});
    summary = info.model ?? undefined;
    current.textContent = summary ? describeModel(summary) : 'No model yet: train one on the Char-RNN page, or upload a file.';
    if (!summary) return;
    const next = await worker.call('next', { text: PROBE, length: 0, top: 3 });
    fingerprint.dataset['logits'] = JSON.stringify(next.logits);
    fingerprint.textContent = `After “${PROBE}” it expects: ${next.top.map((c) => `${showSymbol(c.symbol)} ${(100 * c.p).toFixed(2)}%`).join(', ')}`;
  };
  const drawList = async () => {
    const models = await listModels();
    list.replaceChildren(...models.map((m) => row(m)));
    if (models.length === 0) list.append(el('tr', {}, el('td', { colspan: 5 }, 'Nothing saved in this browser yet.')));
  };
  const row = (m: SavedModel) => el('tr', { 'data-name': m.name },
    el('th', { scope: 'row' }, m.name),
    el('td', {}, `${m.summary.cell.toUpperCase()} ${m.summary.numLayers}×${m.summary.hiddenSize}, ${m.summary.steps} steps`),
    el('td', {}, `${(m.bytes.length / 1024).toFixed(1)} KiB`),
    el('td', {}, new Date(m.savedAt).toLocaleString()),
    el('td', {}, el('div', { class: 'buttons' },
      button('Load', async () => {
        const saved = await getModel(m.name);
        if (!saved) throw new Error(`${m.name} is no longer saved`);
        await worker.call('load', { bytes: saved.bytes, origin: `saved “${m.name}”` });
        announce(`Loaded “${m.name}”.`);
        await refresh();
      }, { 'aria-label': `Load ${m.name}`, class: 'load' }),
      button('Download', () => download(m.bytes, `${m.name}.rnn`), { 'aria-label': `Download ${m.name}` }),
      button('Delete', async () => {
        await deleteModel(m.name);
        announce(`Deleted “${m.name}”.`);
        await drawList();
      }, { 'aria-label': `Delete ${m.name}` }))),
  );
  const downloadAs = async (format: FileFormat) => {
    if (!summary) throw new Error('there is no model to download yet');
    download(await worker.call('save', { format }), fileName(summary, format));
  };
  // Every failure is caught below, so the promise the listener drops cannot reject.
  upload.addEventListener('change', () => void loadUpload());
  async function loadUpload(): Promise<void> {
    const file = upload.files?.[0];
    if (!file) return;
    try {
      const loaded = await worker.call('load', { bytes: new Uint8Array(await file.arrayBuffer()), origin: file.name });
      announce(`Loaded ${file.name}: ${describeModel(loaded)}.`);
      await refresh();
    } catch (error) {
      announce(`Could not load ${file.name}: ${(error as Error).message}`); // a bad file is the visitor's news, not a page error
    } finally {
      upload.value = '';
    }
  }

  root.append(
    el('h2', {}, 'Models'),
    el('p', { class: 'lede' }, 'The model you trained lives in this tab. Keep it in this browser, or download it as a file: the native .rnn file that recurrent sample and the VS Code extension read, or safetensors with PyTorch’s parameter names, which PyTorch’s load_state_dict takes as is. Upload either to carry on.'),
    el('section', { 'aria-labelledby': 'h-current' }, el('h3', { id: 'h-current' }, 'Current model'), current, fingerprint,
      el('div', { class: 'buttons' },
        button('Download .rnn (native)', () => downloadAs('native'), { id: 'download-native' }),
        button('Download .safetensors', () => downloadAs('safetensors'), { id: 'download-safetensors' })),
      field('Upload a .rnn or .safetensors file', upload)),
    el('section', { 'aria-labelledby': 'h-saved' }, el('h3', { id: 'h-saved' }, 'Saved in this browser'),
      el('div', { class: 'try' }, field('Name', name), button('Save current model', async () => {
        if (!summary) throw new Error('there is no model to save yet');
        const bytes = await worker.call('save', { format: 'native' });
        await putModel({ name: name.value.trim() || 'model', bytes, summary, savedAt: Date.now() });
        announce(`Saved “${name.value}” in this browser.`);
        await drawList();
      }, { id: 'save-browser' })),
      table),
  );
  void refresh().then(drawList);
  return () => undefined;
};
