// Every setting Rapport reads, checked once at start-up. Nothing else reads process.env.
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Where POST /contacts/{id}/enrich sends a record (quality/provider.ts); unset: no provider. */
  ENRICHMENT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Signs each webhook body (X-Rapport-Signature: sha256=HMAC) so the receiver can trust it. */
  ENRICHMENT_WEBHOOK_SECRET: z.string().min(16).optional(),
  ENRICHMENT_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});

export type Config = z.infer<typeof schema>;

/** Parses the environment; on failure prints every problem and exits. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      console.error(`config: ${issue.path.join('.')}: ${issue.message}`);
    }
    process.exit(2);
  }
  return parsed.data;
}

/** For tests and tools: the defaults plus overrides, without touching process.env. */
export function configFrom(overrides: Partial<Record<keyof Config, string>>): Config {
  return schema.parse(overrides);
}
