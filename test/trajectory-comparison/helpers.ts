/** Reference trajectories made with analytic potentials, written to extxyz text and read back. */
import type { Potential, PotentialOutput, Property } from "../../src/core/potential.ts";
import { makeState, type System } from "../../src/core/system.ts";
import { Random } from "../../src/core/random.ts";
import { fs, kelvin } from "../../src/core/units.ts";
import { makeForceEvaluator } from "../../src/simulation/index.ts";
import { formatExtxyzFrame, parseExtxyz, type Frame } from "../../src/io/extxyz.ts";
import { frameFromState } from "../../src/io/frames.ts";
import { VelocityVerlet } from "../../integrators/velocity-verlet.ts";
import { maxwellBoltzmann } from "../../integrators/initial-velocities.ts";
import { LangevinThermostat } from "../../integrators/thermostats/langevin.ts";

export interface GenerateOptions {
  /** fs */
  dt?: number;
  /** Frames written (the first at step 0). */
  frames?: number;
  /** MD steps between frames. */
  stride?: number;
  /** K */
  temperature?: number;
  seed?: number;
  /** Langevin friction time (fs); NVE when absent. */
  langevinTau?: number;
  want?: Property[];
  velocities?: boolean;
}

/** MD with `potential` from positions x0 (bohr); frames in ASE units, through an extxyz text round trip. */
export async function generateFrames(
  system: System,
  potential: Potential,
  x0: ArrayLike<number>,
  options: GenerateOptions = {},
): Promise<Frame[]> {
  const { dt = 0.25, frames = 100, stride = 4, temperature = 300, seed = 1, want = [] } = options;
  const state = makeState(system, x0);
  const rng = new Random(seed);
  maxwellBoltzmann(state, system, kelvin(temperature), rng, { removeCenterOfMass: true });
  const thermostat =
    options.langevinTau !== undefined
      ? new LangevinThermostat({
          temperature: kelvin(temperature),
          tau: fs(options.langevinTau),
          seed: seed + 1,
        })
      : undefined;
  const integrator = new VelocityVerlet({ dt: fs(dt), thermostat });
  const evaluate = makeForceEvaluator(system, potential, want);
  await evaluate(state);
  let text = "";
  for (let f = 0; f < frames; f++) {
    if (f > 0) for (let s = 0; s < stride; s++) await integrator.step(state, system, evaluate);
    text += formatExtxyzFrame(
      frameFromState(system, state, 0, { forces: true, velocities: options.velocities ?? true }),
    );
  }
  return parseExtxyz(text, "generated.extxyz");
}

/**
 * A potential changed in a known way: E' = s_E·E + c, F' = s_E·F, μ' = s_μ·μ. Errors against the
 * unchanged potential are then known exactly: (s_E − 1)E + c, (s_E − 1)F, (s_μ − 1)μ.
 */
export class ScaledPotential implements Potential {
  readonly name: string;
  readonly provides: readonly Property[];
  constructor(
    private readonly inner: Potential,
    private readonly scale: { energy?: number; shift?: number; dipole?: number },
  ) {
    this.name = `scaled ${inner.name}`;
    this.provides = inner.provides;
  }
  async compute(system: System, positions: Float64Array, nBatch: number, want: readonly Property[]) {
    const out: PotentialOutput = await this.inner.compute(system, positions, nBatch, want);
    const s = this.scale.energy ?? 1;
    return {
      energy: out.energy.map((e) => s * e + (this.scale.shift ?? 0)),
      forces: out.forces.map((f) => s * f),
      dipole: out.dipole?.map((m) => (this.scale.dipole ?? 1) * m),
    };
  }
  dispose(): void {}
}

/**
 * Adds a polarizability α_ij = Σ_a c_a x_ai x_aj (bohr³ for positions in bohr; symmetric, not
 * translation invariant, which does not matter for a test of the bookkeeping) to a potential.
 */
export class WithPolarizability implements Potential {
  readonly name: string;
  readonly provides: readonly Property[];
  constructor(
    private readonly inner: Potential,
    private readonly coefficients: readonly number[],
  ) {
    this.name = `${inner.name} + polarizability`;
    this.provides = [...inner.provides, "polarizability"];
  }
  async compute(system: System, positions: Float64Array, nBatch: number, want: readonly Property[]) {
    const out = await this.inner.compute(
      system,
      positions,
      nBatch,
      want.filter((p) => p !== "polarizability"),
    );
    if (!want.includes("polarizability")) return out;
    const n = system.nAtoms;
    const alpha = new Float64Array(9 * nBatch);
    for (let b = 0; b < nBatch; b++)
      for (let a = 0; a < n; a++)
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++)
            alpha[9 * b + 3 * i + j] +=
              this.coefficients[a] * positions[(b * n + a) * 3 + i] * positions[(b * n + a) * 3 + j];
    return { ...out, polarizability: alpha };
  }
  dispose(): void {}
}
