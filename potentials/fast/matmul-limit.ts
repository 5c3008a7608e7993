/**
 * The practical float32 matmul limit of onnxruntime on this machine: GFLOP/s of a 1024³ MatMul with two
 * threads, the median of a few timed runs (bench/training.ts sets the training graph's FLOPs against it).
 */
import * as ort from "onnxruntime-node";
import { OnnxGraph } from "./onnx-graph.ts";

export async function matmulLimit(n = 1024, runs = 7): Promise<number> {
  const g = new OnnxGraph("float32");
  const a = g.input("a", [n, n]);
  const b = g.input("b", [n, n]);
  g.output(g.op("MatMul", [a, b]), "c", [n, n]);
  const session = await ort.InferenceSession.create(g.toBytes("matmul"), { intraOpNumThreads: 2 });
  const x = new ort.Tensor(
    "float32",
    Float32Array.from({ length: n * n }, (_, k) => (k % 7) / 7),
    [n, n],
  );
  const feeds = { a: x, b: x };
  for (let i = 0; i < 2; i++) await session.run(feeds); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  await session.release();
  times.sort((p, q) => p - q);
  const ms = times[Math.floor(times.length / 2)];
  return (2 * n ** 3) / (ms * 1e6);
}
