/**
 * What an exported figure shows, read back from its files: the texts and bars of Plotly's SVG, the pixels of
 * the PNG (decoded by Pillow with Debian's /usr/bin/python3, live), the text of the PDF (poppler's pdftotext).
 * The report and render tests compare these with the figure's spec instead of a file size.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

const unescapeXml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

export interface SvgTexts {
  /** Title texts by Plotly's class: gtitle (the figure), xtitle, ytitle, x2title, … */
  titles: Record<string, string>;
  xticks: string[];
  yticks: string[];
}

/** The title and tick texts Plotly wrote into an exported SVG. */
export function svgTexts(svg: string): SvgTexts {
  const titles: Record<string, string> = {};
  for (const m of svg.matchAll(/<text class="([gxy]\d*title)"[^>]*>(.*?)<\/text>/g)) titles[m[1]] = unescapeXml(m[2].replace(/<[^>]+>/g, ''));
  const ticks = (axis: 'x' | 'y') => [...svg.matchAll(new RegExp(`<g class="${axis}\\d*tick"><text[^>]*>(.*?)</text>`, 'g'))].map((m) => unescapeXml(m[1].replace(/<[^>]+>/g, '')));
  return { titles, xticks: ticks('x'), yticks: ticks('y') };
}

export interface SvgBar { x0: number; x1: number; top: number; bottom: number; fill: [number, number, number] }

/** The rectangles of the SVG's bar traces (`<g class="point"><path d="Mx0,y0Vy1Hx1Vy0Z" … fill: rgb(…)>`), in drawing order. */
export function svgBars(svg: string): SvgBar[] {
  const out: SvgBar[] = [];
  for (const trace of svg.split('<g class="trace bars"').slice(1)) {
    const body = trace.split('<g class="trace ')[0];
    for (const m of body.matchAll(/<g class="point"><path d="M([\d.]+),([\d.]+)V([\d.]+)H([\d.]+)V[\d.]+Z" style="[^"]*fill: rgb\((\d+), (\d+), (\d+)\)/g)) {
      const [y0, y1] = [Number(m[2]), Number(m[3])];
      out.push({ x0: Number(m[1]), x1: Number(m[4]), top: Math.min(y0, y1), bottom: Math.max(y0, y1), fill: [Number(m[5]), Number(m[6]), Number(m[7])] });
    }
  }
  return out;
}

/** The raster images embedded in the SVG (heatmaps draw their cells as one), as PNG buffers. */
export function svgImages(svg: string): Buffer[] {
  return [...svg.matchAll(/<image[^>]*href="data:image\/png;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1], 'base64'));
}

export interface PngFacts {
  width: number;
  height: number;
  /** Share of pixels with colour (max − min channel > 16): marks, not the white page, grey grid, axes or text. */
  coloured: number;
  /** Per requested colour: exact-match pixel count and the runs of columns holding it ([first, last, tallest count in a column]). */
  colours: { count: number; runs: [number, number, number][] }[];
  /** The RGB value of every pixel, row by row, when asked for (small images only). */
  pixels?: [number, number, number][][];
}

const PNG_SCRIPT = `
import io, json, sys
import numpy as np
from PIL import Image
req = json.load(sys.stdin)
out = []
for item in req:
    im = Image.open(io.BytesIO(bytes.fromhex(item['hex'])) if 'hex' in item else item['file'])
    im.load()
    a = np.asarray(im.convert('RGB')).astype(int)
    facts = {'width': im.width, 'height': im.height, 'coloured': float(((a.max(2) - a.min(2)) > 16).mean()), 'colours': []}
    for c in item.get('colours', []):
        hit = (a == np.array(c)).all(2)
        per_col = hit.sum(0)
        runs, start = [], None
        for x, n in enumerate(list(per_col) + [0]):
            if n and start is None: start = x
            if not n and start is not None:
                runs.append([start, x - 1, int(per_col[start:x].max())]); start = None
        facts['colours'].append({'count': int(hit.sum()), 'runs': runs})
    if item.get('pixels'): facts['pixels'] = a.tolist()
    out.append(facts)
print(json.dumps(out))
`;

/** Decodes PNG files or buffers with Pillow (live /usr/bin/python3) and measures them; a file that is not a PNG fails. */
export function pngFacts(images: { png: string | Buffer; colours?: [number, number, number][]; pixels?: boolean }[]): PngFacts[] {
  assert.ok(fs.existsSync('/usr/bin/python3'), '/usr/bin/python3 is missing: Pillow decodes the PNG figures (scripts/setup.sh)');
  const req = images.map((i) => ({ ...(typeof i.png === 'string' ? { file: i.png } : { hex: i.png.toString('hex') }), colours: i.colours ?? [], pixels: i.pixels ?? false }));
  const out = execFileSync('/usr/bin/python3', ['-c', PNG_SCRIPT], { input: JSON.stringify(req), encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop() as string) as PngFacts[];
}

/** The text poppler's pdftotext reads from a PDF (text drawn as text, not as a bitmap). */
export function pdfText(file: string): string {
  assert.ok(fs.existsSync('/usr/bin/pdftotext'), '/usr/bin/pdftotext is missing: install poppler-utils');
  return execFileSync('/usr/bin/pdftotext', [file, '-'], { encoding: 'utf8' });
}
