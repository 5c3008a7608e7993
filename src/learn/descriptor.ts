/**
 * A descriptor of a configuration for choosing diverse frames: the inverse interatomic distances
 * 1/r_ij (i < j, bohr⁻¹), invariant under translations and rotations of the molecule. Atoms keep
 * their order along a trajectory, so the same pair sits in the same slot of every descriptor, and the
 * Euclidean distance between two descriptors grows with how differently the two frames are bonded
 * (short distances weigh most: 1/r changes fastest there).
 */
export function inverseDistances(positions: ArrayLike<number>, nAtoms: number): Float64Array {
  const out = new Float64Array((nAtoms * (nAtoms - 1)) / 2);
  let k = 0;
  for (let i = 0; i < nAtoms; i++) {
    for (let j = i + 1; j < nAtoms; j++) {
      const dx = positions[3 * j] - positions[3 * i];
      const dy = positions[3 * j + 1] - positions[3 * i + 1];
      const dz = positions[3 * j + 2] - positions[3 * i + 2];
      out[k++] = 1 / Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return out;
}

export function descriptorDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}
