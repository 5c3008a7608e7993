/**
 * Choice of the TensorFlow.js backend that evaluates the neural-network potentials.
 *
 * - `wasm` (default): WebAssembly with SIMD, ships inside @tensorflow/tfjs-backend-wasm, so it always works
 *   after `npm ci`. One thread in Node.
 * - `cpu`: plain JavaScript kernels. Slow, but simple: the test oracle for the other backends.
 * - `tensorflow` (@tensorflow/tfjs-node) and `tensorflow-gpu` (@tensorflow/tfjs-node-gpu): native
 *   libtensorflow, loaded by a dynamic import only when asked for. They are optionalDependencies whose install
 *   script downloads libtensorflow; where that failed they are absent and asking for them gives a clear error.
 *
 * The choice comes from an explicit argument (the CLI's `--backend`), else the environment variable
 * EQUIMD_BACKEND, else `wasm`. Every backend computes in float32 (tfjs has no float64): relative precision
 * about 6e-8 per operation, in practice ~1e-6 relative on energies and forces of a PaiNN model.
 *
 * `useBackend` also applies the kernel and gradient fixes of patches.ts, so that every caller gets the same,
 * correct arithmetic.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { applyPatches } from "./patches.ts";

/** Backend names as the user writes them. */
export const BACKEND_NAMES = ["wasm", "cpu", "tensorflow", "tensorflow-gpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Environment variable that selects the backend when no explicit choice is given. */
export const BACKEND_ENV_VAR = "EQUIMD_BACKEND";

/** The npm package that provides each native backend, and the tfjs name it registers. */
const NATIVE: Record<"tensorflow" | "tensorflow-gpu", { pkg: string; tfName: string }> = {
  tensorflow: { pkg: "@tensorflow/tfjs-node", tfName: "tensorflow" },
  "tensorflow-gpu": { pkg: "@tensorflow/tfjs-node-gpu", tfName: "tensorflow" },
};

/** Resolve the requested backend: explicit name, else $EQUIMD_BACKEND, else wasm. Throws on an unknown name. */
export function resolveBackendName(requested?: string): BackendName {
  const fromEnv = process.env[BACKEND_ENV_VAR];
  const name = (requested ?? (fromEnv !== undefined && fromEnv !== "" ? fromEnv : "wasm")).trim();
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    const source = requested !== undefined ? "--backend" : BACKEND_ENV_VAR;
    throw new Error(
      `unknown backend '${name}' (from ${source}); expected one of: ${BACKEND_NAMES.join(", ")}`,
    );
  }
  return name as BackendName;
}

let active: BackendName | undefined;

/**
 * Select and initialise a backend, apply the patches, and wait until it is ready. Must be awaited before
 * any tensor is created (importing the wasm package makes it the preferred backend otherwise).
 * Without `requested`, keeps a backend already chosen. Returns the name of the backend in use.
 */
export async function useBackend(requested?: string): Promise<BackendName> {
  // Without an explicit request, a backend chosen earlier in this process stays.
  if (requested === undefined && active !== undefined) return active;
  const name = resolveBackendName(requested);
  if (active === name && tf.getBackend() !== undefined) return name;
  let tfName: string = name;
  if (name === "tensorflow" || name === "tensorflow-gpu") {
    const { pkg } = NATIVE[name];
    try {
      await import(pkg);
    } catch (err) {
      throw new Error(
        `backend '${name}' needs the optional package ${pkg}, which is not installed or failed to load ` +
          `(${(err as Error).message.split("\n")[0]}). Install it with \`npm install ${pkg}\` on a machine that ` +
          `can download libtensorflow, or use --backend wasm (default) or cpu.`,
        { cause: err },
      );
    }
    tfName = NATIVE[name].tfName;
  }
  const ok = await tf.setBackend(tfName);
  if (!ok) throw new Error(`backend '${name}' could not be initialised by TensorFlow.js`);
  await tf.ready();
  // Production mode: no per-op NaN checks, and no "install tfjs-node" banner from the cpu backend.
  tf.enableProdMode();
  applyPatches();
  active = name;
  return name;
}

/** The backend in use, as the user named it (undefined before useBackend). */
export function activeBackend(): BackendName | undefined {
  return active;
}
