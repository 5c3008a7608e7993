/**
 * The deterministic pieces every splitting integrator is built from (Trotter/Strang splitting of
 * the Liouvillian, Tuckerman ch. 3): B, the kick by the forces, and A, the free drift. Both act on
 * every configuration of the batch at once, and both are exact flows of their part of H, so any
 * symmetric composition of them (B A B is velocity Verlet) is symplectic and time-reversible.
 */
import type { MDState, System } from "../src/core/system.ts";

/** B: p ← p + h·F for every atom of every configuration. h in atomic time, F in hartree/bohr. */
export function kick(state: MDState, h: number): void {
  const p = state.momenta;
  const f = state.forces;
  for (let i = 0; i < p.length; i++) p[i] += h * f[i];
}

/** A: q ← q + h·p/m for every atom of every configuration. h in atomic time. */
export function drift(state: MDState, system: System, h: number): void {
  const n = system.nAtoms;
  const q = state.positions;
  const p = state.momenta;
  for (let b = 0; b < state.nBatch; b++) {
    for (let a = 0; a < n; a++) {
      const s = h / system.masses[a];
      const i = (b * n + a) * 3;
      q[i] += s * p[i];
      q[i + 1] += s * p[i + 1];
      q[i + 2] += s * p[i + 2];
    }
  }
}

/** Moves the clock of `state` on by one step of length dt (atomic time). Integrators call it once per step. */
export function advanceClock(state: MDState, dt: number): void {
  state.step += 1;
  state.time += dt;
}
