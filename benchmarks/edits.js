// Edit latency, run inside the questionnaire page (Playwright evaluate); never shipped.
// Each edit writes a new value into one field and times, with performance.now(), from just
// before the input event to the DOM mutation that shows the value in the result area.
async ({ field, count, resultSelector, timeoutMs, pauseMs }) => {
  const input = document.querySelector(`[name="${field}"]`);
  if (!input) throw new Error(`no form field named ${field}`);
  const area = document.querySelector(resultSelector);
  if (!area) throw new Error(`no result area ${resultSelector}`);
  const pause = () => new Promise((resolve) => setTimeout(resolve, pauseMs));
  const edit = (value) =>
    new Promise((resolve, reject) => {
      let start = 0;
      const observer = new MutationObserver(() => {
        if (!area.textContent.includes(value)) return;
        const end = performance.now();
        observer.disconnect();
        clearTimeout(timer);
        resolve(end - start);
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`the result did not show ${value} within ${timeoutMs} ms`));
      }, timeoutMs);
      observer.observe(area, { subtree: true, childList: true, characterData: true });
      start = performance.now();
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  const latencies = [];
  for (let i = 0; i < count; i += 1) {
    latencies.push(await edit(`Bench Customer ${i} ${Date.now() % 100000}`));
    await pause();
  }
  return latencies;
};
