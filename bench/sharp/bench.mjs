// Thumbnails per second on one thread with sharp (libvips), the same contract as Skyless's
// thumbnail function: 150x150, cover, centre, JPEG quality 85. Usage: node bench.mjs <dir> <rounds>
import sharp from 'sharp';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 5);
sharp.concurrency(Number(process.env.VIPS_CONCURRENCY ?? 1));
sharp.cache(false);
const images = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().map((f) => readFileSync(join(dir, f)));
const thumb = (b) => sharp(b).resize(150, 150, { fit: 'cover', position: 'centre' }).jpeg({ quality: 85 }).toBuffer();
for (const b of images) await thumb(b); // warm-up pass
const rates = [];
for (let r = 0; r < rounds; r++) {
  const start = process.hrtime.bigint();
  for (const b of images) await thumb(b);
  rates.push(images.length / (Number(process.hrtime.bigint() - start) / 1e9));
}
rates.sort((a, b) => a - b);
console.log(`thumbnails engine="sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips})" images=${images.length} rounds=${rounds} median_per_s=${rates[Math.floor(rounds / 2)].toFixed(1)} min=${rates[0].toFixed(1)} max=${rates[rounds - 1].toFixed(1)}`);
