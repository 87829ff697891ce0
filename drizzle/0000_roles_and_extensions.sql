-- Extensions Rapport relies on, and the role every tenant-scoped transaction runs as.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS citext;--> statement-breakpoint
-- pgcrypto was created here until 2026-12-01. Nothing uses it, and on PGlite 0.5 having its library
-- loaded beside pg_trgm's makes pg_trgm's operators crash the WASM backend about half the time
-- ("null function or function signature mismatch"), so it is no longer created or loaded.
-- rapport_app owns nothing and lacks BYPASSRLS, so row-level security always applies to it.
-- Roles are cluster-wide: tolerate another database (or a parallel migration) having made it.
DO $$
BEGIN
  CREATE ROLE rapport_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT rapport_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO rapport_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rapport_app;
