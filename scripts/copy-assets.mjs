// tsc emits only JavaScript: copy the data files the code reads at run time (rule packs, routing
// and calendar YAML, model artifacts, JSON vectors) from src/ to dist/src/ beside the code.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

const ASSETS = new Set(['.yaml', '.yml', '.json', '.bin', '.md', '.html', '.css', '.js']);

function copy(from, to) {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) copy(source, join(to, name));
    else if (ASSETS.has(extname(name))) cpSync(source, join(to, name));
  }
}

copy('src', join('dist', 'src'));
