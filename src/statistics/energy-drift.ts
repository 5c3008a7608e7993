/**
 * Energy conservation of an NVE run: the slope of a least-squares line through the total energy
 * against time, per atom, in meV/atom/ps; also the RMS fluctuation about the line (the integration
 * error that does not accumulate). The energies come from the energy logger (src/observers).
 */
import { ATOMIC_TIME_IN_FS, HARTREE_IN_EV } from "../core/units.ts";

export interface EnergyDrift {
  /** Slope of the total energy per atom, meV/atom/ps. */
  driftMeVPerAtomPerPs: number;
  /** RMS deviation of the total energy from the fitted line, meV/atom. */
  fluctuationMeVPerAtom: number;
  /** Length of the record, ps. */
  lengthPs: number;
}

/** Least-squares drift of energies (hartree) against times (atomic time) of an nAtoms system. */
export function fitDrift(times: readonly number[], energies: readonly number[], nAtoms: number): EnergyDrift {
  const n = times.length;
  if (n < 2 || energies.length !== n) throw new Error(`energy drift needs ≥ 2 samples, got ${n}`);
  const tMean = times.reduce((s, t) => s + t, 0) / n;
  const eMean = energies.reduce((s, e) => s + e, 0) / n;
  let stt = 0;
  let ste = 0;
  for (let i = 0; i < n; i++) {
    stt += (times[i] - tMean) ** 2;
    ste += (times[i] - tMean) * (energies[i] - eMean);
  }
  const slope = ste / stt; // hartree per atomic time
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (energies[i] - eMean - slope * (times[i] - tMean)) ** 2;
  const toMeV = HARTREE_IN_EV * 1000;
  const psPerAtomicTime = ATOMIC_TIME_IN_FS / 1000;
  return {
    driftMeVPerAtomPerPs: (slope * toMeV) / psPerAtomicTime / nAtoms,
    fluctuationMeVPerAtom: (Math.sqrt(ss / n) * toMeV) / nAtoms,
    lengthPs: (times[n - 1] - times[0]) * psPerAtomicTime,
  };
}
