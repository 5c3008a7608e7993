/**
 * What the fast path supports, checked before a graph is built, so that the engine can say why a model
 * does not run there and fall back to the tfjs path (choose-potential.ts).
 *
 * Supported: model file format "equimd-painn" version 1 with any F and T; Gaussian or Bessel radial basis;
 * shared or per-block filters; any ε; an energy MLP of any depth; dipole heads "charges" and
 * "charges_plus_atomic_dipoles" (with or without the total-charge correction); polarizability head
 * "gated_rank1" with any chain of gated blocks.
 */
import type { ModelFileData } from "../message-passing/model-file.ts";

/** Why the fast path cannot run this model, or null when it can. */
export function fastPathUnsupportedReason(data: ModelFileData): string | null {
  const interaction = data.architecture?.interaction ?? "painn";
  if (interaction !== "painn") {
    return `interaction blocks '${interaction}' (the fast path runs PaiNN blocks only)`;
  }
  if (data.format !== "equimd-painn" || data.version !== 1) {
    return `model file format ${String(data.format)} version ${String(data.version)} (the fast path reads equimd-painn version 1)`;
  }
  const a = data.architecture;
  if (a.radialBasis.type !== "gaussian" && a.radialBasis.type !== "bessel") {
    return `radial basis '${String(a.radialBasis.type)}' (the fast path has gaussian and bessel)`;
  }
  const d = a.heads.dipole;
  if (d !== undefined && d.type !== "charges" && d.type !== "charges_plus_atomic_dipoles") {
    return `dipole head '${String(d.type)}' (the fast path has charges and charges_plus_atomic_dipoles)`;
  }
  const p = a.heads.polarizability;
  if (p !== undefined && p.type !== "gated_rank1") {
    return `polarizability head '${String(p.type)}' (the fast path has gated_rank1)`;
  }
  if (d?.type === "charges_plus_atomic_dipoles" || p !== undefined) {
    const heads = [d?.type === "charges_plus_atomic_dipoles" ? d.layers : [], p ? p.layers : []];
    for (const layers of heads) {
      if (layers.length > 0 && layers[layers.length - 1] !== 1)
        return "a gated head whose last width is not 1 (the fast path needs one scalar and one vector per atom)";
    }
  }
  return null;
}

/** Throw a clear error when the fast path cannot run this model. */
export function assertFastPathSupports(data: ModelFileData): void {
  const reason = fastPathUnsupportedReason(data);
  if (reason !== null) throw new Error(`model '${data.name}' cannot run on the fast path: ${reason}`);
}
