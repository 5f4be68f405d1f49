import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json and prisma/, found by walking up from this file, so that the same code runs
 * from src/ (tsx) and from dist/src/ (compiled) whatever the layout around it.
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'prisma'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (package.json beside prisma/)');
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot();
