/**
 * Warm start of a training run: the freshly built model takes the weights of an earlier model file of
 * the same architecture (active learning retrains a committee on more data this way; the
 * normalisation is fitted to the new data as usual).
 */
import { readModelFile } from "../../potentials/message-passing/model-file.ts";
import { PainnModel } from "../../potentials/message-passing/model.ts";
import { ParameterSet } from "../../potentials/painn/parameters.ts";

/** `fresh` with the weights of the model file `path` (same architecture and elements), or an error saying why not. */
export async function warmStarted(fresh: PainnModel, path: string): Promise<PainnModel> {
  const data = await readModelFile(path);
  const same = JSON.stringify(data.architecture) === JSON.stringify(fresh.architecture);
  if (!same) throw new Error(`warm start from ${path}: its architecture differs from the training config's`);
  const previous = new ParameterSet(data.weights);
  const names = fresh.params.names();
  if (names.length !== previous.names().length || names.some((n) => !previous.has(n))) {
    previous.dispose();
    throw new Error(`warm start from ${path}: its parameters do not match (other elements?)`);
  }
  fresh.params.dispose();
  return new PainnModel(fresh.spec, previous);
}
