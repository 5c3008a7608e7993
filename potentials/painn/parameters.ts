/**
 * The named parameters of a message-passing model (PaiNN or ENINet blocks): the set of tf.Variables that
 * holds them (which names and shapes an architecture needs: potentials/message-passing/parameter-shapes.ts). Names and layouts follow schnetpack's state_dict (a linear layer's `weight`
 * is [out, in], PyTorch convention), so a schnetpack export maps one to one.
 */
import * as tf from "@tensorflow/tfjs-core";

/** A flat array with its shape, row-major: the form of weights in files. */
export interface NamedArray {
  shape: number[];
  data: ArrayLike<number>;
}

/** Radial-basis constants: stored with the weights, but not trained (as in schnetpack). */
export function isTrainable(name: string): boolean {
  return !/^representation\.(triplet_)?radial_basis\./.test(name);
}

/** The model's parameters as tf.Variables, by name. */
export class ParameterSet {
  private readonly vars = new Map<string, tf.Variable>();

  constructor(arrays: Record<string, NamedArray>) {
    for (const [name, a] of Object.entries(arrays)) {
      const t = tf.tensor(Float32Array.from(a.data), a.shape, "float32");
      this.vars.set(name, tf.variable(t, isTrainable(name)));
      t.dispose();
    }
  }

  /** The variable of a name; throws naming it if absent. */
  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (v === undefined) throw new Error(`PaiNN parameter '${name}' is missing`);
    return v;
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  names(): string[] {
    return [...this.vars.keys()];
  }

  /** The variables an optimiser updates (all but the radial-basis constants). */
  trainable(): tf.Variable[] {
    return [...this.vars.values()].filter((v) => v.trainable);
  }

  /** Map name → variable of the trainable parameters (for tf.variableGrads results). */
  trainableByName(): Map<string, tf.Variable> {
    return new Map([...this.vars].filter(([, v]) => v.trainable));
  }

  /** Current values as named arrays (float32 values widened to float64). */
  toArrays(): Record<string, NamedArray> {
    const out: Record<string, NamedArray> = {};
    for (const [name, v] of this.vars) out[name] = { shape: [...v.shape], data: Array.from(v.dataSync()) };
    return out;
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
