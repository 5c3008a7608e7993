/**
 * The periodic table as far as equimd needs it: symbols, atomic numbers and standard atomic
 * weights (IUPAC 2016, the values ASE uses), for H to Xe.
 */
import { AMU_IN_ELECTRON_MASS } from "./units.ts";

const SYMBOLS = [
  "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
  "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
  "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
] as const; // prettier-ignore

/** Standard atomic weights in amu, index = Z − 1. */
const MASSES_AMU = [
  1.008, 4.002602, 6.94, 9.0121831, 10.81, 12.011, 14.007, 15.999, 18.998403163, 20.1797, 22.98976928,
  24.305, 26.9815385, 28.085, 30.973761998, 32.06, 35.45, 39.948, 39.0983, 40.078, 44.955908, 47.867,
  50.9415, 51.9961, 54.938044, 55.845, 58.933194, 58.6934, 63.546, 65.38, 69.723, 72.63, 74.921595, 78.971,
  79.904, 83.798, 85.4678, 87.62, 88.90584, 91.224, 92.90637, 95.95, 97.90721, 101.07, 102.9055, 106.42,
  107.8682, 112.414, 114.818, 118.71, 121.76, 127.6, 126.90447, 131.293,
] as const; // prettier-ignore

export const MAX_ATOMIC_NUMBER = SYMBOLS.length;

const BY_SYMBOL = new Map<string, number>(SYMBOLS.map((s, i) => [s.toLowerCase(), i + 1]));

/** Atomic number of an element symbol (case-insensitive). Throws for an unknown symbol. */
export function atomicNumber(symbol: string): number {
  const z = BY_SYMBOL.get(symbol.trim().toLowerCase());
  if (z === undefined) {
    throw new Error(`unknown element '${symbol}' (equimd knows H to Xe, Z = 1..${MAX_ATOMIC_NUMBER})`);
  }
  return z;
}

/** Element symbol of an atomic number. */
export function elementSymbol(z: number): string {
  const s = SYMBOLS[z - 1];
  if (!Number.isInteger(z) || s === undefined) {
    throw new Error(`unknown atomic number ${z} (equimd knows Z = 1..${MAX_ATOMIC_NUMBER})`);
  }
  return s;
}

/** Standard atomic weight in amu. */
export function atomicMassAmu(z: number): number {
  elementSymbol(z);
  return MASSES_AMU[z - 1];
}

/** Standard atomic weight in electron masses (equimd's internal mass unit). */
export function atomicMass(z: number): number {
  return atomicMassAmu(z) * AMU_IN_ELECTRON_MASS;
}
