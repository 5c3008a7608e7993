/**
 * The parameters of ENINet-style representations (interaction "eninet_two_body" and "eninet_three_body"),
 * by name and shape. Linear layers follow the PyTorch convention of the rest of the model (weight [out, in],
 * y = x Wᵀ + b); a layer without a bias acts on vectors (it mixes feature channels, never xyz).
 * The equations that use them are in two-body-block.ts, three-body-block.ts and docs/eninet.md.
 */
import type { PainnArchitecture } from "../painn/architecture.ts";

function linearShape(out: Map<string, number[]>, name: string, nOut: number, nIn: number, bias = true): void {
  out.set(`${name}.weight`, [nOut, nIn]);
  if (bias) out.set(`${name}.bias`, [nOut]);
}

/** Representation parameters of an ENINet architecture, added to `out` (heads and embedding excluded). */
export function eninetRepresentationShapes(arch: PainnArchitecture, out: Map<string, number[]>): void {
  const F = arch.nAtomBasis;
  const K = arch.radialBasis.nRbf;
  const threeBody = arch.interaction === "eninet_three_body";
  const F3 = arch.tripletFeatures ?? 0;
  linearShape(out, "representation.bond_embedding", F, K);
  if (threeBody) {
    if (arch.radialBasis.type === "gaussian") {
      out.set("representation.triplet_radial_basis.offsets", [K]);
      out.set("representation.triplet_radial_basis.widths", [K]);
    } else {
      out.set("representation.triplet_radial_basis.freqs", [K]);
    }
    linearShape(out, "representation.triplet_embedding", F3, K);
  }
  for (let t = 0; t < arch.nInteractions; t++) {
    if (threeBody) {
      const p = `representation.three_body.${t}`;
      linearShape(out, `${p}.bond_scalar_in`, F3, F);
      linearShape(out, `${p}.bond_vector_in`, F3, F, false);
      linearShape(out, `${p}.neighbours`, F3, 2 * F3);
      linearShape(out, `${p}.triplet_proj`, F3, F3);
      linearShape(out, `${p}.message.0`, F3, F3);
      linearShape(out, `${p}.message.1`, F3, F3);
      linearShape(out, `${p}.vector_channels`, 3 * F3, F3);
      linearShape(out, `${p}.bond_vector_out`, F, F3, false);
      linearShape(out, `${p}.bond_scalar_out.0`, F3, 2 * F3);
      linearShape(out, `${p}.bond_scalar_out.1`, F, F3);
    }
    const p = `representation.two_body.${t}`;
    linearShape(out, `${p}.neighbours`, F, 2 * F);
    linearShape(out, `${p}.bond_proj`, F, F);
    linearShape(out, `${p}.message.0`, F, F);
    linearShape(out, `${p}.message.1`, F, F);
    linearShape(out, `${p}.vector_channels`, 3 * F, F);
    linearShape(out, `${p}.vector_out`, 3 * F, F, false);
    linearShape(out, `${p}.vector_gate`, F, 2 * F);
    linearShape(out, `${p}.vector_product`, 2 * F, F, false);
    linearShape(out, `${p}.scalar_out`, 2 * F, F);
  }
}
