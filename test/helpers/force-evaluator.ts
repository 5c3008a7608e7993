/**
 * A ForceEvaluator straight from a potential, for tests that drive an integrator's step directly
 * (unit tests of the integrators; every real run goes through src/simulation's run loop).
 */
import type { ForceEvaluator } from "../../src/core/integrator.ts";
import type { Potential, Property } from "../../src/core/potential.ts";
import type { MDState, System } from "../../src/core/system.ts";

/** Fills forces, potentialEnergy (and the dipole when the potential returns one) from `potential`. */
export function evaluatorFor(
  system: System,
  potential: Potential,
  want: readonly Property[] = [],
): ForceEvaluator {
  return async (state: MDState) => {
    const out = await potential.compute(system, state.positions, state.nBatch, want);
    state.forces.set(out.forces);
    state.potentialEnergy.set(out.energy);
    if (out.dipole) state.dipole = out.dipole;
  };
}
