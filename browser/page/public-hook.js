// The page's public hook, window.decisionTool: the engine's readiness, status, evaluate, timings.
//
// Stable: window.decisionTool.ready       Promise, resolves when the engine answers
//         window.decisionTool.status      {phase, message, ready}
//         window.decisionTool.evaluate(a) Promise of the decision object (at the page's now
//                                         unless `a` gives one)
//         window.decisionTool.timings     {engineReadyMs, firstDecisionMs, startup}
//                                         (startup: the engine's start, step by step, in ms from
//                                         navigation start; see engine-client.js and worker.js)

import { getEngine } from './engine-client.js';
import { pageNow } from './moments.js';

/** Milliseconds from navigation start to engine ready and to the first recommendation. */
export const timings = {};

/** Put window.decisionTool on the page. */
export function publish() {
  window.decisionTool = Object.freeze({
    /** Resolves when the engine can answer (starts it if this page has not yet). */
    get ready() {
      return getEngine().ready;
    },
    /** The engine's phase: runtime | packages | ready | restarting | failed, with a message. */
    get status() {
      return { ...getEngine().status };
    },
    /** Evaluate an answers object; waits for the engine; resolves to the decision object. */
    evaluate(answers) {
      return getEngine().evaluate({ now: pageNow(), ...answers });
    },
    timings,
  });
}
