/**
 * Which named parameters, with which shapes, an architecture needs (PaiNN or ENINet interaction blocks,
 * plus the shared embedding and heads), and the check of a model file's weights against them. Names and
 * layouts follow schnetpack's state_dict (a linear layer's `weight` is [out, in]).
 */
import { eninetRepresentationShapes } from "../eninet/parameter-shapes.ts";
import { interactionOf, type PainnArchitecture } from "../painn/architecture.ts";
import type { NamedArray } from "../painn/parameters.ts";

/** Shape −1 in a dimension: any size (the embedding's number of rows). */
const ANY = -1;

function mlpShapes(out: Map<string, number[]>, prefix: string, layers: number[]): void {
  for (let k = 0; k + 1 < layers.length; k++) {
    out.set(`${prefix}.${k}.weight`, [layers[k + 1], layers[k]]);
    out.set(`${prefix}.${k}.bias`, [layers[k + 1]]);
  }
}

function gatedShapes(out: Map<string, number[]>, prefix: string, layers: number[]): void {
  for (let k = 0; k + 1 < layers.length; k++) {
    const nIn = layers[k];
    const nOut = layers[k + 1];
    out.set(`${prefix}.${k}.mix_vectors.weight`, [2 * nOut, nIn]);
    out.set(`${prefix}.${k}.scalar_net.0.weight`, [nIn, nIn + nOut]);
    out.set(`${prefix}.${k}.scalar_net.0.bias`, [nIn]);
    out.set(`${prefix}.${k}.scalar_net.1.weight`, [2 * nOut, nIn]);
    out.set(`${prefix}.${k}.scalar_net.1.bias`, [2 * nOut]);
  }
}

/** Every parameter an architecture needs, with its shape (−1: any size). */
export function expectedParameterShapes(arch: PainnArchitecture): Map<string, number[]> {
  const F = arch.nAtomBasis;
  const T = arch.nInteractions;
  const K = arch.radialBasis.nRbf;
  const s = new Map<string, number[]>();
  if (arch.radialBasis.type === "gaussian") {
    s.set("representation.radial_basis.offsets", [K]);
    s.set("representation.radial_basis.widths", [K]);
  } else {
    s.set("representation.radial_basis.freqs", [K]);
  }
  s.set("representation.embedding.weight", [ANY, F]);
  if (interactionOf(arch) !== "painn") {
    eninetRepresentationShapes(arch, s);
    headShapes(s, arch);
    return s;
  }
  const filterWidth = arch.sharedFilters ? 3 * F : 3 * F * T;
  s.set("representation.filter_net.weight", [filterWidth, K]);
  s.set("representation.filter_net.bias", [filterWidth]);
  for (let t = 0; t < T; t++) {
    mlpShapes(s, `representation.interactions.${t}.interatomic_context_net`, [F, F, 3 * F]);
    mlpShapes(s, `representation.mixing.${t}.intraatomic_context_net`, [2 * F, F, 3 * F]);
    s.set(`representation.mixing.${t}.mu_channel_mix.weight`, [2 * F, F]);
  }
  headShapes(s, arch);
  return s;
}

/** Parameters of the output heads (energy, dipole, polarizability), shared by every representation. */
function headShapes(s: Map<string, number[]>, arch: PainnArchitecture): void {
  mlpShapes(s, "output_modules.0.outnet", arch.heads.energy.layers);
  const dipole = arch.heads.dipole;
  if (dipole?.type === "charges") mlpShapes(s, "output_modules.1.outnet", dipole.layers);
  if (dipole?.type === "charges_plus_atomic_dipoles")
    gatedShapes(s, "output_modules.1.outnet", dipole.layers);
  if (arch.heads.polarizability) gatedShapes(s, "output_modules.2.outnet", arch.heads.polarizability.layers);
}

/**
 * Check a set of named arrays against an architecture: every expected name present with the expected shape
 * and a matching number of finite values; no unknown names. `where` names the source in messages.
 */
export function checkParameters(
  arch: PainnArchitecture,
  arrays: Record<string, NamedArray>,
  where: string,
): void {
  const expected = expectedParameterShapes(arch);
  for (const [name, shape] of expected) {
    const a = arrays[name];
    if (a === undefined) throw new Error(`${where}: missing weight '${name}' (shape [${shape}])`);
    const ok = a.shape.length === shape.length && shape.every((d, i) => d === ANY || d === a.shape[i]);
    if (!ok) throw new Error(`${where}: weight '${name}' has shape [${a.shape}], expected [${shape}]`);
    const size = a.shape.reduce((x, y) => x * y, 1);
    if (a.data.length !== size) {
      throw new Error(
        `${where}: weight '${name}' has ${a.data.length} values for shape [${a.shape}] (${size})`,
      );
    }
    for (let i = 0; i < a.data.length; i++) {
      if (!Number.isFinite(a.data[i]))
        throw new Error(`${where}: weight '${name}' has a non-finite value at ${i}`);
    }
  }
  for (const name of Object.keys(arrays)) {
    if (!expected.has(name)) throw new Error(`${where}: unexpected weight '${name}' for this architecture`);
  }
}
