import { z } from 'zod';
import { ping } from '../db';
import type { AppModule } from './app';

export const healthModule: AppModule = {
  name: 'health',
  routes: async (app, { ctx }) => {
    app.get(
      '/api/health',
      {
        config: { access: { kind: 'public' } },
        schema: {
          tags: ['plateforme'],
          summary: 'État du service',
          response: { 200: z.object({ statut: z.literal('ok'), base: z.enum(['pglite', 'postgres']) }) },
        },
      },
      async () => {
        await ping(ctx.db);
        return { statut: 'ok' as const, base: ctx.config.database.kind === 'postgres' ? ('postgres' as const) : ('pglite' as const) };
      },
    );
  },
};
