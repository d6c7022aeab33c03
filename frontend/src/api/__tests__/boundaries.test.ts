import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__tests__' || name === 'test' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('module boundaries', () => {
  const files = sources(SRC).map((p) => ({ path: relative(SRC, p), text: readFileSync(p, 'utf8') }));

  it('has src/api/client.ts as the only fetch caller', () => {
    const callers = files.filter((f) => /\bfetch\(/.test(f.text)).map((f) => f.path);
    expect(callers).toEqual(['api/client.ts']);
  });

  it('keeps API paths inside the resource modules of src/api', () => {
    const outside = files.filter((f) => !f.path.startsWith('api/') && /['`]\/(admin|auth|setup|tenant-portal|ide-config)\//.test(f.text));
    expect(outside.map((f) => f.path)).toEqual([]);
  });
});
