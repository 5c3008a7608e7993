/**
 * FIRE: the Fast Inertial Relaxation Engine (Bitzek, Koskinen, Gähler, Moseler, Gumbsch, PRL 97,
 * 170201 (2006)), a damped-dynamics minimiser, as in ASE's `FIRE` optimiser.
 *
 * Each step is an Euler step of fictitious unit-mass dynamics v ← v + dt F, x ← x + dt v (the
 * displacement capped at maxStep), with the velocity mixed towards the force direction,
 * v ← (1 − α) v + α |v| F/|F|. While the power P = F·v stays positive for more than nMin steps the
 * step grows (dt ← min(dt·fInc, dtMax)) and α shrinks (α ← α·fAlpha); when P ≤ 0 the velocity is
 * zeroed, dt ← dt·fDec and α ← α0. Everything is in atomic units: positions bohr, forces hartree/bohr,
 * the fictitious time in bohr/√(hartree/bohr) per unit mass. The defaults equal ASE's (dt 0.1,
 * dtmax 1.0, maxstep 0.2 Å in ASE's units) converted to these units.
 */
import type { Potential } from "../core/potential.ts";
import type { System } from "../core/system.ts";
import { BOHR_IN_ANGSTROM, HARTREE_IN_EV } from "../core/units.ts";

export interface FireOptions {
  /** Converged when the largest force component |F_ia| < fmax, hartree/bohr (default 1e-4). */
  fmax?: number;
  /** Step limit (default 2000). */
  maxSteps?: number;
  /** Largest displacement of any atom in one step, bohr (default 0.2 Å). */
  maxStep?: number;
  /** Initial and largest fictitious time steps (default ASE's 0.1 and 1.0, converted). */
  dt?: number;
  dtMax?: number;
  /** Called after every step with the step number, energy (hartree) and largest force component. */
  onStep?: (step: number, energy: number, maxForce: number) => void;
}

export interface OptimisationResult {
  /** Final positions, bohr, [nAtoms][3]. */
  positions: Float64Array;
  /** Energy at the final positions, hartree. */
  energy: number;
  /** Largest force component at the final positions, hartree/bohr. */
  maxForce: number;
  /** Number of force evaluations after the first. */
  steps: number;
  converged: boolean;
}

/**
 * One of ASE's FIRE time units (displacement Å = dt² × force eV/Å) in these units (displacement bohr =
 * dt² × force hartree/bohr): dt_au = dt_ASE · √(hartree/eV) / (bohr/Å).
 */
const ASE_DT = Math.sqrt(HARTREE_IN_EV) / BOHR_IN_ANGSTROM;

const N_MIN = 5;
const F_INC = 1.1;
const F_DEC = 0.5;
const ALPHA0 = 0.1;
const F_ALPHA = 0.99;

function largestComponent(f: Float64Array): number {
  let m = 0;
  for (const x of f) m = Math.max(m, Math.abs(x));
  return m;
}

/** Minimise the potential energy of one configuration of `system` from `start` (bohr). */
export async function fireMinimise(
  potential: Potential,
  system: System,
  start: ArrayLike<number>,
  options: FireOptions = {},
): Promise<OptimisationResult> {
  const n3 = 3 * system.nAtoms;
  if (start.length !== n3) throw new Error(`FIRE: ${start.length} coordinates for ${system.nAtoms} atoms`);
  const fmax = options.fmax ?? 1e-4;
  const maxSteps = options.maxSteps ?? 2000;
  const maxStep = options.maxStep ?? 0.2 / BOHR_IN_ANGSTROM;
  let dt = options.dt ?? 0.1 * ASE_DT;
  const dtMax = options.dtMax ?? 1.0 * ASE_DT;
  if (!(fmax > 0) || !(maxStep > 0) || !(dt > 0) || !(dtMax >= dt)) {
    throw new Error(`FIRE: fmax, maxStep, dt must be positive and dtMax ≥ dt`);
  }
  const x = Float64Array.from(start);
  const v = new Float64Array(n3);
  let alpha = ALPHA0;
  let sincePositive = 0;
  let out = await potential.compute(system, x, 1, []);
  let f = out.forces;
  let energy = out.energy[0];
  for (let step = 0; step < maxSteps; step++) {
    const fMax = largestComponent(f);
    if (fMax < fmax) return { positions: x, energy, maxForce: fMax, steps: step, converged: true };
    let power = 0;
    let vNorm = 0;
    let fNorm = 0;
    for (let i = 0; i < n3; i++) {
      power += f[i] * v[i];
      vNorm += v[i] * v[i];
      fNorm += f[i] * f[i];
    }
    if (power > 0) {
      const mix = (alpha * Math.sqrt(vNorm)) / Math.sqrt(fNorm);
      for (let i = 0; i < n3; i++) v[i] = (1 - alpha) * v[i] + mix * f[i];
      if (++sincePositive > N_MIN) {
        dt = Math.min(dt * F_INC, dtMax);
        alpha *= F_ALPHA;
      }
    } else {
      v.fill(0);
      dt *= F_DEC;
      alpha = ALPHA0;
      sincePositive = 0;
    }
    const dx = new Float64Array(n3);
    let longest = 0;
    for (let i = 0; i < n3; i++) v[i] += dt * f[i];
    for (let a = 0; a < system.nAtoms; a++) {
      let d2 = 0;
      for (let k = 0; k < 3; k++) {
        dx[3 * a + k] = dt * v[3 * a + k];
        d2 += dx[3 * a + k] ** 2;
      }
      longest = Math.max(longest, Math.sqrt(d2));
    }
    const scale = longest > maxStep ? maxStep / longest : 1;
    for (let i = 0; i < n3; i++) x[i] += scale * dx[i];
    out = await potential.compute(system, x, 1, []);
    f = out.forces;
    energy = out.energy[0];
    if (!Number.isFinite(energy)) throw new Error(`FIRE: the energy became non-finite at step ${step + 1}`);
    options.onStep?.(step + 1, energy, largestComponent(f));
  }
  const fMax = largestComponent(f);
  return { positions: x, energy, maxForce: fMax, steps: maxSteps, converged: fMax < fmax };
}
