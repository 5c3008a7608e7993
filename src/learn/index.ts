/** `equimd learn`: reference data, committee training, active learning and spectra for any molecule. */
export { runLearn, STAGES, type LearnOptions, type StageName } from "./run-learn.ts";
export { readLearnConfig, LearnConfigSchema, type LearnConfig, type LearnOverrides } from "./learn-config.ts";
