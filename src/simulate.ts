/**
 * The run loop lives in src/simulation/ (the one simulation layer); this file keeps the old import
 * path working for code written before the move. New code imports from src/simulation/index.ts.
 */
export { makeForceEvaluator, run, type RunObserver, type RunOptions } from "./simulation/run-loop.ts";
