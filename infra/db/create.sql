-- Creates the PostgreSQL database and the role the functions use, for a cluster deployment.
-- Run once as a superuser:  psql -h <host> -U postgres -v app_password="'<a long random password>'" -f infra/db/create.sql
-- The functions create and migrate their own tables at start (schema_version records what ran); this role only
-- needs to own its database. Staging gets its own database and role the same way:
--   -v db=text2media_staging -v app_user=text2media_staging (infra/db/README.md).
\if :{?db}
\else
  \set db text2media
\endif
\if :{?app_user}
\else
  \set app_user text2media
\endif

CREATE ROLE :"app_user" LOGIN PASSWORD :app_password;
CREATE DATABASE :"db" OWNER :"app_user" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
\connect :"db"
ALTER SCHEMA public OWNER TO :"app_user";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
