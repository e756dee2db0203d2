// `npx jindianzi …` — serve, migrate, seed-demo, create-admin, import-units, backup, audit verify, verify.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { openMigrated } from '../platform/bootstrap.ts';
import { systemClock } from '../platform/clock.ts';
import { verifyAuditChain } from '../platform/audit/audit.service.ts';
import { backupSqlite, manifestPath, restoreSqlite, type BackupManifest } from '../platform/backup.ts';
import { registerOriginalityCommands } from './originality.ts';
import { registerIdeasCommands } from './ideas.ts';

// The server, the demo seed and the document libraries load only when a command needs them, so that
// `--help` and the small commands start fast.
const runServer: typeof import('./server.ts').runServer = async (...a) => (await import('./server.ts')).runServer(...a);
const createAdmin: typeof import('./commands.ts').createAdmin = async (...a) => (await import('./commands.ts')).createAdmin(...a);
const importUnitsFile: typeof import('./commands.ts').importUnitsFile = async (...a) => (await import('./commands.ts')).importUnitsFile(...a);
const isEmpty: typeof import('../modules/demo/seed.ts').isEmpty = async (...a) => (await import('../modules/demo/seed.ts')).isEmpty(...a);
const seedDemo: typeof import('../modules/demo/seed.ts').seedDemo = async (...a) => (await import('../modules/demo/seed.ts')).seedDemo(...a);
const verifySealed: typeof import('../modules/ideas/integrity.ts').verifySealed = async (...a) => (await import('../modules/ideas/integrity.ts')).verifySealed(...a);

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_DIST = path.join(REPO_ROOT, 'web/dist');

/** `npm start` builds the web app on a fresh clone (once), so the two README commands suffice. */
function ensureWebBuilt() {
  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  console.log('正在构建前端（首次启动需要约一分钟）… / Building the web app (first start only)…');
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('前端构建失败 / web build failed');
}

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openMigrated>>) => Promise<T>): Promise<T> {
  const database = await openMigrated(loadConfig());
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export function buildCli(): Command {
  const program = new Command('jindianzi').description('金点子 — 教育“解放思想 赶超发展”大讨论活动平台 / Jindianzi platform').showHelpAfterError();

  program
    .command('start')
    .description('迁移数据库，首次启动时创建演示数据，并启动服务 / migrate, seed the demo on first start, serve')
    .action(async () => {
      ensureWebBuilt();
      // The demo is watched in a terminal: request logs only when asked for (JDZ_LOG_LEVEL=info).
      await runServer(loadConfig({ JDZ_LOG_LEVEL: 'warn', ...process.env }), { demo: true });
    });

  program
    .command('serve')
    .description('迁移数据库并启动服务（不创建演示数据） / migrate and serve (no demo data)')
    .action(async () => {
      await runServer(loadConfig(), { demo: false });
    });

  program
    .command('migrate')
    .description('把数据库迁移到最新版本 / migrate the database to the latest version')
    .action(async () => {
      await withDatabase(async () => console.log('数据库已是最新版本 / database is up to date'));
    });

  program
    .command('seed-demo')
    .description('在空数据库中创建演示数据 / create the demo data in an empty database')
    .action(async () => {
      await withDatabase(async (database) => {
        if (!(await isEmpty(database))) {
          console.error('数据库中已有账号，未创建演示数据 / the database already has accounts; nothing seeded');
          process.exitCode = 1;
          return;
        }
        const r = await seedDemo(database, systemClock, loadConfig().demoPassword);
        console.log(`已创建 ${r.units} 个单位和 ${r.accounts.length} 个演示账号，密码 / password: ${r.password}`);
      });
    });

  program
    .command('create-admin')
    .description('创建局办公室管理员账号，打印初始密码 / create a bureau admin account and print its initial password')
    .requiredOption('--username <name>', '用户名 / username')
    .requiredOption('--name <name>', '姓名 / full name')
    .option('--mobile <mobile>', '手机号 / mobile')
    .action(async (o: { username: string; name: string; mobile?: string }) => {
      await withDatabase(async (database) => {
        const pw = await createAdmin(database, systemClock, o);
        console.log(`已创建 ${o.username}，初始密码（首次登录须修改，72 小时内有效） / created; initial password (change at first sign-in, valid 72 h): ${pw}`);
      });
    });

  program
    .command('import-units <file>')
    .description('从 .xlsx 或 .csv 导入单位；有任何错误行则不导入 / import units; nothing is imported if any row is bad')
    .action(async (file: string) => {
      await withDatabase(async (database) => {
        const r = await importUnitsFile(database, systemClock, file);
        if (r.ok) console.log(`已导入 ${r.imported} 个单位 / imported ${r.imported} units`);
        else {
          for (const e of r.errors) console.error(`第 ${e.row} 行 / row ${e.row}: ${e.reason}`);
          console.error(`共 ${r.errors.length} 处错误，未导入任何数据 / ${r.errors.length} errors, nothing imported`);
          process.exitCode = 1;
        }
      });
    });

  program
    .command('backup <file>')
    .description('SQLite：服务运行时生成一致的备份，附带含哈希和审计链头的清单 / consistent SQLite backup while running, with a manifest (hash, audit head)')
    .action(async (file: string) => {
      await withDatabase(async (database) => {
        if (!database.sqlite) {
          console.error('PostgreSQL 请使用 pg_dump 或 pg_basebackup 备份，例如：pg_dump -Fc "$DATABASE_URL" -f jindianzi.dump（详见 README） / for PostgreSQL use pg_dump or pg_basebackup (see README)');
          process.exitCode = 2;
          return;
        }
        const m = await backupSqlite(database, file, new Date());
        console.log(`备份完成 / backup written: ${path.resolve(file)}  sha256 ${m.sha256}（清单 / manifest: ${manifestPath(path.resolve(file))}）`);
      });
    });

  program
    .command('restore <file>')
    .description('把 SQLite 备份恢复到空的数据目录（先校验哈希和完整性） / restore a SQLite backup into an empty data folder (hash and integrity checked)')
    .action(async (file: string) => {
      const config = loadConfig();
      if (config.databaseUrl) {
        console.error('PostgreSQL 请使用 pg_restore / use pg_restore for PostgreSQL');
        process.exitCode = 2;
        return;
      }
      const m = restoreSqlite(file, config.sqliteFile);
      await withDatabase(async (database) => {
        const r = await verifyAuditChain(database.db);
        if (!r.ok) throw new Error(`恢复后的审计链校验失败 / audit chain broken after restore: ${r.reason}`);
      });
      console.log(`已恢复 / restored ${m.file} (${m.createdAt}) → ${config.sqliteFile}`);
    });

  const audit = program.command('audit').description('审计日志 / audit log');
  audit
    .command('verify')
    .description('校验审计日志哈希链；被篡改或删除时以非零退出 / verify the hash chain; exits non-zero on tampering')
    .option('--head <manifest>', '与备份清单中的审计链头比对（发现尾部记录被删除） / compare with the chain head in a backup manifest (finds deleted tail records)')
    .action(async (o: { head?: string }) => {
      await withDatabase(async (database) => {
        const r = await verifyAuditChain(database.db);
        if (r.ok && o.head) {
          const exported = (JSON.parse(fs.readFileSync(o.head, 'utf8')) as BackupManifest).auditHead;
          const row = exported ? await database.db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', exported.seq).executeTakeFirst() : null;
          if (exported && (!row || row.hash !== exported.hash)) {
            console.error(`审计链与导出的链头不符：第 ${exported.seq} 条缺失或被改动 / the chain does not contain the exported head seq ${exported.seq}`);
            process.exitCode = 1;
            return;
          }
        }
        if (r.ok) console.log(`审计链完整，共校验 ${r.checked} 条 / audit chain intact, ${r.checked} records checked`);
        else {
          console.error(`审计链被破坏：第 ${r.brokenAtSeq} 条记录 / audit chain broken at seq ${r.brokenAtSeq}: ${r.reason}`);
          process.exitCode = 1;
        }
      });
    });
  program
    .command('verify')
    .description('校验审计链和已封存的金点子（批次摘要、封存快照与现存记录）；发现篡改时以非零退出 / verify the audit chain and the sealed golden ideas; exits non-zero on tampering')
    .action(async () => {
      await withDatabase(async (database) => {
        const chain = await verifyAuditChain(database.db);
        if (chain.ok) console.log(`审计链完整，共校验 ${chain.checked} 条 / audit chain intact, ${chain.checked} records checked`);
        else console.error(`审计链被破坏：第 ${chain.brokenAtSeq} 条记录 / audit chain broken at seq ${chain.brokenAtSeq}: ${chain.reason}`);
        const sealed = await verifySealed(database.db);
        for (const p of sealed.problems) console.error(`${p.kind === 'idea' ? '金点子 / idea' : '批次 / batch'} ${p.id}（${p.receiptNo ?? '—'}）：${p.detail}`);
        if (!sealed.problems.length) console.log(`已封存内容完整：${sealed.batches} 个批次，${sealed.ideas} 个金点子 / sealed content intact: ${sealed.batches} batches, ${sealed.ideas} ideas`);
        if (!chain.ok || sealed.problems.length) process.exitCode = 1;
      });
    });
  registerOriginalityCommands(program);
  registerIdeasCommands(program);
  return program;
}

export async function main(argv: string[]) {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(`出错了 / failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
