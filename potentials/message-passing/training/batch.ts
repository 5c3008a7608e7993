/**
 * A labelled batch as the training code hands it to the network: B configurations flattened into one
 * list of atoms (the batch layout of the PaiNN model), labels in the model's units, and masks that say
 * which labels each configuration carries. Plain typed arrays: tensors are made by the loss.
 */
export interface LabelledBatch {
  /** Number of configurations B. */
  nConfigs: number;
  /** [N] atomic numbers of all atoms of the batch. */
  numbers: Int32Array;
  /** [N][3] positions, model length unit. */
  positions: Float64Array;
  /** [N] index of the configuration each atom belongs to (0..B−1, non-decreasing). */
  configOfAtom: Int32Array;
  /** [B] total energies (model energy unit); 0 where absent. */
  energy: Float64Array;
  /** [B] 1 where the configuration has an energy label, else 0. */
  energyMask: Float64Array;
  /** [N][3] forces (model energy/length unit); 0 where absent. */
  forces: Float64Array;
  /** [N] 1 where the atom's configuration has forces, else 0. */
  forcesMask: Float64Array;
  /** [B][3] dipoles (model dipole unit). */
  dipole: Float64Array;
  dipoleMask: Float64Array;
  /** [B][3][3] polarizabilities, row-major (model polarizability unit). */
  polarizability: Float64Array;
  polarizabilityMask: Float64Array;
}

/** Number of labelled configurations (or atoms, for forces) of each property in a batch. */
export function labelCounts(b: LabelledBatch): {
  energy: number;
  forces: number;
  dipole: number;
  polarizability: number;
} {
  const sum = (m: Float64Array) => m.reduce((a, x) => a + x, 0);
  return {
    energy: sum(b.energyMask),
    forces: sum(b.forcesMask),
    dipole: sum(b.dipoleMask),
    polarizability: sum(b.polarizabilityMask),
  };
}
