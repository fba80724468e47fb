// Bench probe, injected before any page script (Playwright add_init_script); never shipped.
// Records main-thread long tasks and long animation frames, the pages' `...ready` marks, and when
// the first decision is shown, all in ms from navigation start (performance.now()).
(() => {
  if (window.top !== window) return;
  const probe = {
    longTasks: [],
    frames: [],
    readyAt: null,
    decisionAt: null,
    decisionText: null,
    errors: [],
  };
  window.__bench = probe;
  const observe = (type, sink) => {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) sink(entry);
      }).observe({ type, buffered: true });
    } catch (error) {
      probe.errors.push(`${type}: ${error}`);
    }
  };
  observe("longtask", (entry) => {
    probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  });
  observe("long-animation-frame", (entry) => {
    probe.frames.push({
      start: entry.startTime,
      duration: entry.duration,
      blocking: entry.blockingDuration,
      scripts: (entry.scripts || []).map((script) => ({
        url: script.sourceURL,
        fn: script.sourceFunctionName,
        invoker: script.invoker,
        duration: script.duration,
      })),
    });
  });
  observe("mark", (entry) => {
    if (probe.readyAt === null && /(^|[:_-])ready$/.test(entry.name)) probe.readyAt = entry.startTime;
  });

  // Engine ready: O reports it in `window.decisionTool.timings` (read at the end, so the probe
  // never touches the page's getters, which would start the engine); F and P set a `...ready` mark.

  // First decision shown: `[data-recommendation]` gets a value (O: the attribute, which the
  // banner sets with the headline; P: its text).
  const check = () => {
    if (probe.decisionAt !== null) return;
    const node = document.querySelector("[data-recommendation]");
    const text = node ? node.getAttribute("data-recommendation") || node.textContent.trim() : "";
    if (text) {
      probe.decisionAt = performance.now();
      probe.decisionText = text;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributeFilter: ["data-recommendation"],
  });
})();
