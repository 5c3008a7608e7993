/**
 * Units. Everything inside equimd is in atomic units (Hartree): energy in hartree, length in bohr,
 * mass in electron masses, time in ħ/E_h, and ħ = k_B = 1, so a temperature is an energy (k_B·T) and an
 * angular frequency is an energy (ħω). User-facing units are converted at the boundary only, here.
 *
 * Constants: CODATA 2018 (the values ASE ≥ 3.22 and i-PI use, to the digits given).
 */

/** Branded number types: they document the unit a value is in; arithmetic stays plain. */
export type Hartree = number;
export type Bohr = number;
export type AtomicTime = number;
export type ElectronMass = number;

/** Length of one bohr in ångström. */
export const BOHR_IN_ANGSTROM = 0.529177210903;
/** One hartree in electronvolt. */
export const HARTREE_IN_EV = 27.211386245988;
/** One hartree in kcal/mol. */
export const HARTREE_IN_KCAL_PER_MOL = 627.5094740631;
/** One hartree in kJ/mol. */
export const HARTREE_IN_KJ_PER_MOL = 2625.4996394799;
/** One atomic unit of time in femtoseconds. */
export const ATOMIC_TIME_IN_FS = 0.024188843265857;
/** Boltzmann constant in hartree per kelvin. */
export const KB_HARTREE_PER_K = 3.166811563455546e-6;
/** One unified atomic mass unit (dalton) in electron masses. */
export const AMU_IN_ELECTRON_MASS = 1822.888486209;
/** One debye in e·bohr. */
export const DEBYE_IN_E_BOHR = 0.3934302694;
/** Speed of light in atomic units (1/α). */
export const SPEED_OF_LIGHT_AU = 137.035999084;
/** One cm⁻¹ (as ħω = hc·ν̃) in hartree. */
export const WAVENUMBER_IN_HARTREE = 4.556335252912e-6;

/** Conversion factors: value_in_atomic_units = value_in_unit × factor. */
const FACTORS = {
  energy: {
    hartree: 1,
    Ha: 1,
    eV: 1 / HARTREE_IN_EV,
    "kcal/mol": 1 / HARTREE_IN_KCAL_PER_MOL,
    "kJ/mol": 1 / HARTREE_IN_KJ_PER_MOL,
    K: KB_HARTREE_PER_K,
    "cm-1": WAVENUMBER_IN_HARTREE,
  },
  length: {
    bohr: 1,
    angstrom: 1 / BOHR_IN_ANGSTROM,
    Å: 1 / BOHR_IN_ANGSTROM,
    nm: 10 / BOHR_IN_ANGSTROM,
  },
  time: {
    au: 1,
    fs: 1 / ATOMIC_TIME_IN_FS,
    ps: 1000 / ATOMIC_TIME_IN_FS,
  },
  mass: {
    me: 1,
    amu: AMU_IN_ELECTRON_MASS,
    Da: AMU_IN_ELECTRON_MASS,
  },
  temperature: {
    hartree: 1,
    K: KB_HARTREE_PER_K,
  },
  dipole: {
    "e*bohr": 1,
    "e*angstrom": 1 / BOHR_IN_ANGSTROM,
    "e*Å": 1 / BOHR_IN_ANGSTROM,
    debye: DEBYE_IN_E_BOHR,
    D: DEBYE_IN_E_BOHR,
  },
  polarizability: {
    "bohr^3": 1,
    "angstrom^3": 1 / BOHR_IN_ANGSTROM ** 3,
    "Å^3": 1 / BOHR_IN_ANGSTROM ** 3,
  },
  frequency: {
    /** angular frequency in 1/atomic-time = hartree */
    au: 1,
    "cm-1": WAVENUMBER_IN_HARTREE,
    THz: 2 * Math.PI * 1e-3 * ATOMIC_TIME_IN_FS,
  },
} as const;

export type Quantity = keyof typeof FACTORS;
export type UnitOf<Q extends Quantity> = keyof (typeof FACTORS)[Q] & string;

/** Composite units used for forces: energy/length. */
export type ForceUnit = `${UnitOf<"energy">}/${UnitOf<"length">}`;

/** Factor f such that value[a.u.] = value[unit] × f. Throws with the list of known units otherwise. */
export function unitFactor<Q extends Quantity>(quantity: Q, unit: string): number {
  const table = FACTORS[quantity] as Record<string, number>;
  const f = table[unit];
  if (f === undefined) {
    throw new Error(`unknown ${quantity} unit '${unit}'; expected one of: ${Object.keys(table).join(", ")}`);
  }
  return f;
}

/** Convert a value given in `unit` to atomic units. */
export function toAtomic<Q extends Quantity>(quantity: Q, value: number, unit: string): number {
  return value * unitFactor(quantity, unit);
}

/** Convert a value in atomic units to `unit`. */
export function fromAtomic<Q extends Quantity>(quantity: Q, value: number, unit: string): number {
  return value / unitFactor(quantity, unit);
}

/** Factor for a force unit written 'energy/length', e.g. 'eV/angstrom' or 'kcal/mol/angstrom'. */
export function forceFactor(unit: string): number {
  const cut = unit.lastIndexOf("/");
  if (cut <= 0) throw new Error(`unknown force unit '${unit}'; expected 'energy/length', e.g. 'eV/angstrom'`);
  return unitFactor("energy", unit.slice(0, cut)) / unitFactor("length", unit.slice(cut + 1));
}

/** Known unit names of a quantity (for help texts and schema enums). */
export function knownUnits(quantity: Quantity): string[] {
  return Object.keys(FACTORS[quantity]);
}

// Convenience shorthands used throughout the code.
export const fs = (t: number): AtomicTime => t / ATOMIC_TIME_IN_FS;
export const kelvin = (T: number): Hartree => T * KB_HARTREE_PER_K;
export const angstrom = (x: number): Bohr => x / BOHR_IN_ANGSTROM;
export const amu = (m: number): ElectronMass => m * AMU_IN_ELECTRON_MASS;
/** Wavenumber (cm⁻¹) of an angular frequency in atomic units. */
export const toWavenumber = (omega: number): number => omega / WAVENUMBER_IN_HARTREE;
/** Angular frequency in atomic units of a wavenumber in cm⁻¹. */
export const fromWavenumber = (nu: number): number => nu * WAVENUMBER_IN_HARTREE;
