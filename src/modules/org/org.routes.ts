// HTTP routes of the organisation module: thin — parse, call the service, present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/http/errors.ts';
import { mutate } from '../../platform/http/mutate.ts';
import { unitScope, type Actor } from '../../platform/policy/policy.ts';
import * as repo from './org.repository.ts';
import * as service from './org.service.ts';
import { presentUnit, presentUser } from './org.presenter.ts';
import { IdParams, ListOf, SectorOut, SectorUpdate, UnitCreate, UnitOut, UnitQuery, UnitUpdate, UserCreate, UserOut, UserQuery, UserUpdate } from './org.schema.ts';
import { registerImportRoutes } from './import/import.routes.ts';

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

const bool = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');

export async function registerOrgRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;

  async function userDto(id: number, viewer: Actor) {
    const row = await service.visibleUser(p.db, viewer, id);
    const roles = (await repo.rolesOfUsers(p.db, [id])).get(id) ?? [];
    return presentUser(row, roles, viewer);
  }
  async function unitDto(id: number, viewer: Actor) {
    return presentUnit(await service.visibleUnit(p.db, viewer, id), viewer);
  }

  // ---- sectors ----
  app.get('/api/org/sectors', { config: { policy: 'org.sectors.list' }, schema: { summary: '板块列表 / sectors', response: { 200: z.object({ items: z.array(SectorOut) }) } } }, async () => {
    const rows = await repo.listSectors(p.db);
    return {
      items: rows.map((s) => ({ id: s.id, code: s.code, name: s.name, nameEn: s.name_en, leaderUserId: s.leader_user_id, leaderName: s.leader_name, unitCount: Number(s.unit_count ?? 0) })),
    };
  });

  app.put(
    '/api/org/sectors/:id',
    { config: { policy: 'org.sectors.update' }, schema: { summary: '设置板块负责人 / set sector leader', params: IdParams, body: SectorUpdate, response: { 200: SectorOut } } },
    async (req) => {
      const actor = actorOf(req);
      await mutate(req, async (trx, target) => {
        if (req.body.leaderUserId != null) await service.visibleUser(trx, actor, req.body.leaderUserId);
        if (!(await repo.setSectorLeader(trx, req.params.id, req.body.leaderUserId))) throw new AppError('NOT_FOUND');
        target('sector', req.params.id);
      });
      const s = (await repo.listSectors(p.db)).find((x) => x.id === req.params.id)!;
      return { id: s.id, code: s.code, name: s.name, nameEn: s.name_en, leaderUserId: s.leader_user_id, leaderName: s.leader_name, unitCount: Number(s.unit_count ?? 0) };
    },
  );

  // ---- units ----
  app.get('/api/org/units', { config: { policy: 'org.units.list' }, schema: { summary: '单位列表 / units', querystring: UnitQuery, response: { 200: ListOf(UnitOut) } } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const r = await repo.listUnits(p.db, unitScope(actor), { q: q.q, sectorId: q.sectorId, type: q.type, active: bool(q.active), offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return { items: r.items.map((u) => presentUnit(u, actor)), total: r.total };
  });

  app.get('/api/org/units/:id', { config: { policy: 'org.units.read' }, schema: { summary: '单位详情 / unit', params: IdParams, response: { 200: UnitOut } } }, async (req) =>
    unitDto(req.params.id, actorOf(req)),
  );

  app.post('/api/org/units', { config: { policy: 'org.units.create' }, schema: { summary: '新建单位 / create unit', body: UnitCreate, response: { 201: UnitOut } } }, async (req, reply) => {
    const b = req.body;
    const id = await mutate(req, async (trx, target) => {
      await service.assertUnitFree(trx, b.code, b.name);
      const id = await repo.insertUnit(trx, { code: b.code, name: b.name, type: b.type, sector_id: b.sectorId, town: b.town, contact_name: b.contactName ?? null, contact_phone: b.contactPhone ?? null }, p.clock.now().toISOString()).catch(fkToNotFound);
      target('unit', id);
      return id;
    });
    return reply.status(201).send(await unitDto(id, actorOf(req)));
  });

  app.put('/api/org/units/:id', { config: { policy: 'org.units.update' }, schema: { summary: '修改单位 / update unit', params: IdParams, body: UnitUpdate, response: { 200: UnitOut } } }, async (req) => {
    const b = req.body;
    await mutate(req, async (trx, target) => {
      const cur = await service.visibleUnit(trx, actorOf(req), req.params.id);
      await service.assertUnitFree(trx, b.code ?? cur.code, b.name ?? cur.name, cur.id);
      await repo
        .updateUnit(trx, cur.id, { code: b.code, name: b.name, type: b.type, sector_id: b.sectorId, town: b.town, contact_name: b.contactName, contact_phone: b.contactPhone }, p.clock.now().toISOString())
        .catch(fkToNotFound);
      target('unit', cur.id);
    });
    return unitDto(req.params.id, actorOf(req));
  });

  for (const [verb, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(
      `/api/org/units/:id/${verb}`,
      { config: { policy: `org.units.${verb}` }, schema: { summary: `${active ? '启用' : '停用'}单位 / ${verb} unit`, params: IdParams, response: { 200: UnitOut } } },
      async (req) => {
        await mutate(req, async (trx, target) => {
          const cur = await service.visibleUnit(trx, actorOf(req), req.params.id);
          await repo.updateUnit(trx, cur.id, { active: active ? 1 : 0 }, p.clock.now().toISOString());
          target('unit', cur.id);
        });
        return unitDto(req.params.id, actorOf(req));
      },
    );
  }

  // ---- users ----
  app.get('/api/org/users', { config: { policy: 'org.users.list' }, schema: { summary: '用户列表 / users', querystring: UserQuery, response: { 200: ListOf(UserOut) } } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const inactiveBefore = q.inactiveDays ? new Date(p.clock.now().getTime() - q.inactiveDays * 86_400_000).toISOString() : undefined;
    const r = await repo.listUsers(p.db, unitScope(actor), { q: q.q, unitId: q.unitId, role: q.role, active: bool(q.active), inactiveBefore, offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    const roles = await repo.rolesOfUsers(p.db, r.items.map((u) => u.id));
    return { items: r.items.map((u) => presentUser(u, roles.get(u.id) ?? [], actor)), total: r.total };
  });

  app.get('/api/org/users/:id', { config: { policy: 'org.users.read' }, schema: { summary: '用户详情 / user', params: IdParams, response: { 200: UserOut } } }, async (req) =>
    userDto(req.params.id, actorOf(req)),
  );

  app.post(
    '/api/org/users',
    { config: { policy: 'org.users.create' }, schema: { summary: '新建账号 / create account', body: UserCreate, response: { 201: z.object({ user: UserOut, initialPassword: z.string() }) } } },
    async (req, reply) => {
      const initial = await service.newInitialPassword(p);
      const id = await mutate(req, async (trx, target) => {
        const id = await service.createUser(p, trx, actorOf(req), req.body, initial);
        target('user', id);
        return id;
      });
      return reply.status(201).send({ user: await userDto(id, actorOf(req)), initialPassword: initial.password });
    },
  );

  app.put('/api/org/users/:id', { config: { policy: 'org.users.update' }, schema: { summary: '修改账号 / update account', params: IdParams, body: UserUpdate, response: { 200: UserOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      await service.updateUser(p, trx, actorOf(req), req.params.id, req.body);
      target('user', req.params.id);
    });
    return userDto(req.params.id, actorOf(req));
  });

  for (const [verb, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(
      `/api/org/users/:id/${verb}`,
      { config: { policy: `org.users.${verb}` }, schema: { summary: `${active ? '启用' : '停用'}账号 / ${verb} account`, params: IdParams, response: { 200: UserOut } } },
      async (req) => {
        await mutate(req, async (trx, target) => {
          await service.setUserActive(p, trx, actorOf(req), req.params.id, active);
          target('user', req.params.id);
        });
        return userDto(req.params.id, actorOf(req));
      },
    );
  }

  app.post(
    '/api/org/users/:id/reset-password',
    { config: { policy: 'org.users.reset-password' }, schema: { summary: '重置密码 / reset password', params: IdParams, response: { 200: z.object({ initialPassword: z.string() }) } } },
    async (req) => {
      const initial = await service.newInitialPassword(p);
      await mutate(req, async (trx, target) => {
        await service.resetPassword(p, trx, actorOf(req), req.params.id, initial);
        target('user', req.params.id);
      });
      return { initialPassword: initial.password };
    },
  );

  app.post('/api/org/users/:id/unlock', { config: { policy: 'org.users.unlock' }, schema: { summary: '解锁账号 / unlock account', params: IdParams, response: { 200: UserOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      await service.unlock(p, trx, actorOf(req), req.params.id);
      target('user', req.params.id);
    });
    return userDto(req.params.id, actorOf(req));
  });

  app.post(
    '/api/org/users/:id/end-sessions',
    { config: { policy: 'org.users.end-sessions' }, schema: { summary: '强制下线 / sign a user out everywhere', params: IdParams, response: { 200: z.object({ ended: z.number().int() }) } } },
    async (req) => {
      const ended = await mutate(req, async (trx, target) => {
        target('user', req.params.id);
        return service.endSessions(trx, actorOf(req), req.params.id);
      });
      return { ended };
    },
  );

  await registerImportRoutes(root);
}

/** A sector id that does not exist shows up as a foreign-key failure: answer it as not found. */
function fkToNotFound(err: unknown): never {
  const msg = String((err as Error)?.message ?? '');
  if (/FOREIGN KEY|foreign key/i.test(msg)) throw new AppError('NOT_FOUND');
  throw err;
}
