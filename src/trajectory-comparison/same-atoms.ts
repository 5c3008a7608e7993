/**
 * Two trajectories can be compared atom by atom only if they hold the same molecule with the atoms in
 * the same order. This check names the first atom that differs, so that a user sees at once whether
 * the files hold different molecules or the same molecule in another atom order.
 */

/** Something with atoms, named for messages (a file name, with a frame number when useful). */
export interface AtomList {
  source: string;
  symbols: readonly string[];
}

/** Throws unless `b` has the same elements as `a`, in the same order; names the first differing atom. */
export function checkSameAtoms(a: AtomList, b: AtomList): void {
  const n = Math.min(a.symbols.length, b.symbols.length);
  for (let i = 0; i < n; i++) {
    if (a.symbols[i] !== b.symbols[i]) {
      const sameFormula = formula(a.symbols) === formula(b.symbols);
      throw new Error(
        `${b.source} does not match ${a.source}: atom ${i} (0-based) is ${b.symbols[i]} there but ` +
          `${a.symbols[i]} in ${a.source}` +
          (sameFormula
            ? ` (same formula ${formula(a.symbols)}, different atom order: reorder one file)`
            : ` (formulas ${formula(b.symbols)} and ${formula(a.symbols)}: different molecules)`),
      );
    }
  }
  if (a.symbols.length !== b.symbols.length) {
    throw new Error(
      `${b.source} does not match ${a.source}: ${b.symbols.length} atoms there but ${a.symbols.length} in ` +
        `${a.source} (formulas ${formula(b.symbols)} and ${formula(a.symbols)}: different molecules)`,
    );
  }
}

/** Hill-order formula of a list of symbols (C, H, then alphabetical), e.g. "C2H6O". */
export function formula(symbols: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of symbols) counts.set(s, (counts.get(s) ?? 0) + 1);
  const order = [...counts.keys()].sort((x, y) => {
    const rank = (s: string) => (counts.has("C") ? (s === "C" ? 0 : s === "H" ? 1 : 2) : 2);
    return rank(x) - rank(y) || x.localeCompare(y);
  });
  return order.map((s) => s + (counts.get(s)! > 1 ? counts.get(s) : "")).join("");
}
