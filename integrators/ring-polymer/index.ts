/** Public API of ring-polymer MD (see docs/rpmd.md). */
export { RingPolymerIntegrator, type RingPolymerOptions } from "./ring-polymer-integrator.ts";
export { expandToBeads, type ThermalBeadMomenta } from "./expand-to-beads.ts";
export {
  beadAverage,
  centroidPositions,
  centroidVelocities,
  evaluateAtCentroid,
  ringPolymerEstimates,
  ringPolymerProperty,
  springEnergy,
  type PropertySite,
  type RingPolymerEstimates,
} from "./estimators.ts";
export {
  FftNormalModes,
  MatrixNormalModes,
  makeNormalModeTransform,
  normalModeMatrix,
  ringPolymerFrequencies,
  type NormalModeMethod,
  type NormalModeTransform,
} from "./normal-modes.ts";
export {
  DEFAULT_MAX_PHYSICAL_FREQUENCY,
  FreeRingPolymerPropagator,
  exactPropagatorResonances,
  type FreePropagatorKind,
} from "./free-propagator.ts";
export { RingPolymerContraction } from "./contraction.ts";
export {
  RingPolymerThermostat,
  defaultLambda,
  type RingPolymerThermostatKind,
} from "./ring-polymer-thermostat.ts";
