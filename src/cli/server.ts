// `jindianzi start` / `serve`: migrate, (seed the demo), listen; stop cleanly on SIGTERM/SIGINT.
import { buildApp } from '../platform/http/app.ts';
import { openMigrated } from '../platform/bootstrap.ts';
import type { Config } from '../platform/config.ts';
import { systemClock } from '../platform/clock.ts';
import { DEMO_ACCOUNTS, flagDemoAccountsInProduction, isEmpty, resetDemoPasswords, seedDemo } from '../modules/demo/seed.ts';
import { ROLE_LABELS } from '../shared/roles.ts';
import { startHousekeeping } from '../platform/housekeeping.ts';

export async function runServer(config: Config, opts: { demo: boolean }) {
  const database = await openMigrated(config);
  if (opts.demo && (await isEmpty(database))) {
    const seeded = await seedDemo(database, systemClock, config.demoPassword);
    printDemoAccounts(seeded.password, seeded.units);
  } else if (config.demoPassword) {
    await resetDemoPasswords(database, systemClock, config.demoPassword);
  }
  if (config.env === 'production') {
    const n = await flagDemoAccountsInProduction(database);
    if (n) console.warn(`警告：生产模式下存在 ${n} 个演示账号，已要求其首次登录修改密码。请尽快停用。 / Warning: ${n} demo accounts in production must change their passwords; deactivate them.`);
  }
  const app = await buildApp({ config, database });
  const stopHousekeeping = startHousekeeping(app.platform);
  app.addHook('onClose', async () => {
    stopHousekeeping();
    await database.close();
  });
  await app.listen({ port: config.port, host: config.host });
  console.log(`金点子已启动 / Jindianzi is running: http://localhost:${config.port}  (${database.dialect === 'sqlite' ? `SQLite ${config.sqliteFile}` : 'PostgreSQL'})`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return app;
}

function printDemoAccounts(password: string, units: number) {
  console.log(`\n已创建演示数据：${units} 个单位、按 2017 年通知设置的大讨论活动和以下演示账号 / Demo data created: ${units} units, a campaign modelled on the 2017 notice, and these accounts:`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(10)} ${ROLE_LABELS[a.role]['zh-CN']} / ${ROLE_LABELS[a.role]['en-US']}`);
  console.log(`  密码 / password: ${password}\n`);
}
