// Code that runs inside the browser page for bench/web.ts (plain JavaScript, so the server's
// TypeScript build needs no DOM types). Times come from the page's own performance.now().

/** Init script: records the sign-in form's submit and the first data row of the grid appearing. */
export function probeSignIn() {
  document.addEventListener('submit', () => { window.__submit = performance.now(); window.__firstRow = undefined; }, true);
  new MutationObserver(() => {
    if (window.__submit !== undefined && window.__firstRow === undefined && document.querySelector('[role=grid] [role=row][aria-rowindex="2"]')) {
      window.__firstRow = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
}

export const signInMs = () => window.__firstRow - window.__submit;

/** Scrolls the grid by `step` px every frame for `seconds`; frame times, long tasks, rows in the DOM. */
export async function scrollGrid({ seconds, step }) {
  const grid = document.querySelector('[role=grid]');
  const frames = [];
  let longTasks = 0;
  let maxRowsInDom = 0;
  const po = new PerformanceObserver((l) => { longTasks += l.getEntries().length; });
  po.observe({ type: 'longtask', buffered: false });
  const until = performance.now() + seconds * 1000;
  let last = performance.now();
  await new Promise((done) => {
    const frame = (now) => {
      frames.push(now - last);
      last = now;
      grid.scrollTop += step;
      maxRowsInDom = Math.max(maxRowsInDom, grid.querySelectorAll('[role=row]').length);
      if (now < until) requestAnimationFrame(frame);
      else done();
    };
    requestAnimationFrame(frame);
  });
  po.disconnect();
  const rowHeight = grid.querySelector('[role=row][aria-rowindex="2"]')?.offsetHeight || 40;
  return { frames, longTasks, maxRowsInDom, rowsLoaded: Math.round(grid.scrollHeight / rowHeight) };
}

/** Before typing a palette query: note every keystroke and every change of the results list. */
export function armPalette() {
  window.__lastKey = 0;
  window.__listChanged = 0;
  if (!window.__keys) {
    window.__keys = true;
    document.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
  }
  window.__obs?.disconnect();
  window.__obs = new MutationObserver(() => { window.__listChanged = performance.now(); });
  const list = document.querySelector('[role=listbox]');
  if (list) window.__obs.observe(list, { childList: true, subtree: true, characterData: true });
}

export const paletteMs = () => window.__listChanged - window.__lastKey;
