/** Writes a session's result.json and report.html into its output directory. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './report/html.ts';
import type { LoadResult } from './result.ts';

export async function writeOutputs(dir: string, result: LoadResult): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'result.json');
  const html = join(dir, 'report.html');
  await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(html, renderHtml(result));
  return { json, html };
}
