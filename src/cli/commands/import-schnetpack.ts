/**
 * `equimd import-schnetpack <state_dict.json> -o model.json[.gz]`: convert a schnetpack PaiNN export
 * (docs/painn.md shows the Python lines that write it) into an equimd model file (docs/model-file.md).
 */
import type { Command } from "commander";
import { refuseEarlierOutputs } from "../../io/output-files.ts";
import { writeModelFile } from "../../../potentials/message-passing/model-file.ts";
import {
  importSchnetpackFile,
  type SchnetpackImportOptions,
} from "../../../potentials/message-passing/schnetpack-import.ts";

export interface ImportSchnetpackArgs extends SchnetpackImportOptions {
  input: string;
  output: string;
  /** Replace an existing output file. */
  overwrite?: boolean;
}

/** Convert and write; returns a one-line summary. */
export async function importSchnetpackCommand(args: ImportSchnetpackArgs): Promise<string> {
  refuseEarlierOutputs([{ role: "--output", path: args.output }], {
    overwrite: args.overwrite === true,
    elsewhere: "another --output file",
  });
  const data = await importSchnetpackFile(args.input, args);
  await writeModelFile(args.output, data);
  const a = data.architecture;
  const heads = Object.keys(a.heads).join(", ");
  return (
    `wrote ${args.output}: PaiNN F=${a.nAtomBasis}, T=${a.nInteractions}, ${a.radialBasis.nRbf} ${a.radialBasis.type} ` +
    `functions, r_c=${a.cutoff} ${data.units.length}; heads: ${heads}; elements ${data.elements.join(" ")}; ` +
    `energy in ${data.units.energy}`
  );
}

export function register(program: Command): void {
  program
    .command("import-schnetpack")
    .description("convert a schnetpack PaiNN state-dict JSON export into an equimd model file")
    .argument(
      "<state_dict.json>",
      "schnetpack export: {architecture, state_dict: {name: {shape, data}}} (.json or .json.gz)",
    )
    .requiredOption("-o, --output <model.json>", "model file to write (.json, or .json.gz for gzip)")
    .option(
      "--energy-unit <unit>",
      "energy unit of the model (overrides the file's units.energy), e.g. eV, kcal/mol",
    )
    .option(
      "--length-unit <unit>",
      "length unit of the model (overrides the file's units.length): angstrom or bohr",
    )
    .option(
      "--elements <list>",
      "elements the model was trained on, comma-separated (default: the file's list, else all)",
    )
    .option("--name <name>", "name of the model")
    .option("--overwrite", "replace an existing model file")
    .action(async (input: string, opts: Record<string, string | undefined>) => {
      const message = await importSchnetpackCommand({
        input,
        output: opts.output!,
        energyUnit: opts.energyUnit,
        lengthUnit: opts.lengthUnit,
        elements: opts.elements?.split(",").map((s) => s.trim()),
        name: opts.name,
        overwrite: opts.overwrite !== undefined,
      });
      console.log(message);
    });
}
