// Inlined by the build into the head of the page that holds the form (sitebuild.pages.modules),
// as a classic script: it creates the engine's module worker while the page is still parsed,
// instead of after Material's bundle and the page's deferred modules have run. The worker's URL
// is its tag's `data-worker` (relative to the page); what the worker says until the page's
// EngineClient adopts it (engine-client.js) is kept here. A browser without WebAssembly or module
// workers, or an instant navigation, leaves it to the EngineClient.
(() => {
  const path = document.currentScript?.dataset.worker;
  if (!path || document.readyState !== 'loading' || typeof WebAssembly !== 'object') return;
  try {
    const url = new URL(path, document.baseURI).href;
    const worker = new Worker(url, { type: 'module' });
    const early = { url, worker, createdAt: performance.now(), messages: [], errors: [] };
    worker.onmessage = (event) => early.messages.push(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      early.errors.push(event.message || 'worker error');
    };
    Object.defineProperty(window, '__decisionToolEarlyWorker', { value: early, configurable: true });
  } catch {
    // No module worker here: the EngineClient starts (and reports) it.
  }
})();
