/** Test helper: fraction of pixels of a PNG that are not (nearly) white. */
import { readFile } from "node:fs/promises";
import { createCanvas, loadImage } from "@napi-rs/canvas";

export async function inkFraction(path: string): Promise<{ width: number; height: number; ink: number }> {
  const image = await loadImage(await readFile(path));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
  return { width: image.width, height: image.height, ink: ink / (image.width * image.height) };
}
