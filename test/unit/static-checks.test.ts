// Source-level rules that a reviewer would otherwise have to remember (rows 22, 24, 27).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY } from '../../src/platform/policy/policy.ts';
import { ACTION_LABELS } from '../../src/shared/actions.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

const SERVER = sources(path.join(ROOT, 'src'));

describe('static checks', () => {
  it('uses sql.raw only in the database layer, never on request data', () => {
    const offenders = SERVER.filter((f) => fs.readFileSync(f, 'utf8').includes('sql.raw(') && !f.includes(`${path.sep}platform${path.sep}db${path.sep}`));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('starts child processes only from the CLI (building the web app), never from request handling', () => {
    const offenders = SERVER.filter((f) => /from 'node:child_process'/.test(fs.readFileSync(f, 'utf8')) && !f.includes(`${path.sep}cli${path.sep}`));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('keeps SQL in repositories and the database layer', () => {
    const offenders = SERVER.filter((f) => {
      const t = fs.readFileSync(f, 'utf8');
      const sqlish = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(/.test(t);
      return sqlish && !/(repository|database|migrate|migrations|bootstrap|backup|cli[\\/]main)/.test(f);
    });
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('names every audited action in both languages', () => {
    for (const key of Object.keys(POLICY)) {
      expect(ACTION_LABELS[key]?.['zh-CN'], key).toBeTruthy();
      expect(ACTION_LABELS[key]?.['en-US'], key).toBeTruthy();
    }
  });

  it('pins versions known to work on Node 20', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const all = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
    expect(all['better-sqlite3']).toMatch(/^12\./);
    expect(all.vitest).toMatch(/^4\.1\./);
    expect(all.vite).toBe('8.3.8');
    for (const [name, v] of Object.entries(all)) expect(v, name).toMatch(/^\d/); // exact pins, no ranges
  });
});
