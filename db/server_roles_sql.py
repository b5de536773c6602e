"""The SQL that `db.server_roles` installs on a shared PostgreSQL database: helper functions,
the guard triggers, and the SECURITY DEFINER functions through which accounts change.

Everything here is written `CREATE OR REPLACE`, so installing it again (after an upgrade, or a
second `fuban server init`) is safe. Text in {braces} is filled with the role names by
`render`; no value typed by a user is ever put into this text.

Why guard triggers besides column grants: a grant can say "this column may be updated" but not
"only from empty to a value" (a 发文 gets its number when issued, then never again) or "only by
one" (a sequence counter). The triggers let the owner role (migrations, restore, `server init`)
and the SECURITY DEFINER functions, which run as the owner, through; everyone else is held to
what the app itself does.
"""

from __future__ import annotations

GENESIS = "0" * 64

HELPERS = """
CREATE OR REPLACE FUNCTION fuban_server_roles() RETURNS text
LANGUAGE sql IMMUTABLE AS $f$ SELECT '{prefix}'::text $f$;

CREATE OR REPLACE FUNCTION fuban_login_name(p_username text) RETURNS text
LANGUAGE sql IMMUTABLE AS
$f$ SELECT '{prefix}_u_' || left(encode(sha256(convert_to(p_username, 'UTF8')), 'hex'), 16) $f$;

CREATE OR REPLACE FUNCTION fuban_is_owner() RETURNS boolean
LANGUAGE sql STABLE AS $f$ SELECT pg_has_role(current_user, '{owner}', 'MEMBER') $f$;

CREATE OR REPLACE FUNCTION fuban_may_see_classified() RETURNS boolean
LANGUAGE sql STABLE AS
$f$ SELECT pg_has_role(current_user, '{jiyao}', 'MEMBER')
        OR pg_has_role(current_user, '{admin}', 'MEMBER') $f$;

CREATE OR REPLACE FUNCTION fuban_is_admin() RETURNS boolean
LANGUAGE sql STABLE AS $f$ SELECT pg_has_role(session_user, '{admin}', 'MEMBER') $f$;
"""

GUARDS = """
-- Numbers, once given, never change; a voided record stays voided as it was voided.
CREATE OR REPLACE FUNCTION fuban_guard_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $f$
DECLARE
  o jsonb := to_jsonb(OLD);
  n jsonb := to_jsonb(NEW);
  col text;
BEGIN
  IF fuban_is_owner() THEN RETURN NEW; END IF;
  IF TG_NARGS > 0 THEN
    FOREACH col IN ARRAY TG_ARGV LOOP
      IF coalesce(o->>col, '') <> '' AND (o->col) IS DISTINCT FROM (n->col) THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
          MESSAGE = '编号一经登记不能更改（' || TG_TABLE_NAME || '.' || col || '）';
      END IF;
    END LOOP;
  END IF;
  IF o ? 'voided_at' AND o->>'voided_at' IS NOT NULL AND (
       (o->'voided_at') IS DISTINCT FROM (n->'voided_at')
       OR (o->'voided_by') IS DISTINCT FROM (n->'voided_by')
       OR (o->'void_reason') IS DISTINCT FROM (n->'void_reason')) THEN
    RAISE EXCEPTION USING ERRCODE = '42501',
      MESSAGE = '已作废的记录不能恢复，作废信息不能更改（' || TG_TABLE_NAME || '）';
  END IF;
  RETURN NEW;
END $f$;

-- A counter starts at 0 and moves by exactly one (db.sequences.allocate, db.locks.serialize).
-- An administrator may also raise it — never lower it — to the last number used on paper
-- (编号续接, desktop_app.services.system.numbering): numbers are skipped, none given twice.
CREATE OR REPLACE FUNCTION fuban_guard_counter() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $f$
BEGIN
  IF fuban_is_owner() THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.last_value <> 0 AND NOT (NEW.last_value > 0 AND fuban_is_admin()) THEN
      RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '编号计数器只能从 0 开始';
    END IF;
  ELSIF NEW.name <> OLD.name OR (
    NEW.last_value <> OLD.last_value + 1
    AND NOT (NEW.last_value > OLD.last_value AND fuban_is_admin())
  ) THEN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '编号计数器只能逐一递增';
  END IF;
  RETURN NEW;
END $f$;

-- Audit entries are only appended past the head (db.audit.append_entries).
CREATE OR REPLACE FUNCTION fuban_guard_audit_entry() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $f$
BEGIN
  IF fuban_is_owner() THEN RETURN NEW; END IF;
  IF NEW.seq <= coalesce((SELECT last_seq FROM audit_head WHERE id = 1), 0) THEN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '审计记录只能追加在链尾';
  END IF;
  RETURN NEW;
END $f$;

-- The head only moves forward, onto an entry that exists; where the keyed part starts is set
-- once (db.audit: the keying marker; repair-audit re-anchors onto the real last entry).
CREATE OR REPLACE FUNCTION fuban_guard_audit_head() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $f$
BEGIN
  IF fuban_is_owner() THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.id <> 1 OR NEW.last_seq <> 0 OR NEW.last_hash <> '{genesis}' THEN
      RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '审计链头只能从空链开始';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.id <> OLD.id OR (NEW.keyed_from IS DISTINCT FROM OLD.keyed_from
                          AND coalesce(OLD.keyed_from, 0) <> 0) THEN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '审计链头的密钥起点不能更改';
  END IF;
  IF (NEW.last_seq, NEW.last_hash) IS DISTINCT FROM (OLD.last_seq, OLD.last_hash) AND (
       NEW.last_seq < OLD.last_seq OR NOT EXISTS (
         SELECT 1 FROM audit_entry WHERE seq = NEW.last_seq AND hash = NEW.last_hash)) THEN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '审计链头只能前移到已有的最后一条记录';
  END IF;
  RETURN NEW;
END $f$;
"""

# An audit entry shows its record's values: one about a record the caller may not see (a
# classified document, or a row under one) is hidden like the record. Entries from the head on
# stay visible, so every writer still finds the chain's tip (db.audit_tip.check_tip).
AUDIT_VISIBILITY = """
CREATE OR REPLACE FUNCTION fuban_audit_visible(p_table text, p_record integer) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $f$
  SELECT CASE p_table
    WHEN 'incoming_document' THEN EXISTS (SELECT 1 FROM incoming_document WHERE id = p_record)
    WHEN 'outgoing_document' THEN EXISTS (SELECT 1 FROM outgoing_document WHERE id = p_record)
    WHEN 'incoming_reading' THEN EXISTS (SELECT 1 FROM incoming_reading WHERE id = p_record)
    WHEN 'incoming_chase' THEN EXISTS (SELECT 1 FROM incoming_chase WHERE id = p_record)
    WHEN 'outgoing_signoff' THEN EXISTS (SELECT 1 FROM outgoing_signoff WHERE id = p_record)
    WHEN 'outgoing_disagreement'
      THEN EXISTS (SELECT 1 FROM outgoing_disagreement WHERE id = p_record)
{supervision_cases}    ELSE true END
$f$;
"""

ACCOUNTS = """
-- The account the connected login belongs to (NULL for the owner or a superuser).
CREATE OR REPLACE FUNCTION fuban_caller_account() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$f$ SELECT username FROM account WHERE fuban_login_name(username) = session_user LIMIT 1 $f$;

CREATE OR REPLACE FUNCTION fuban_own_password_hash() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS
$f$ SELECT password_hash FROM account WHERE fuban_login_name(username) = session_user $f$;

CREATE OR REPLACE FUNCTION fuban_require_admin() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $f$
BEGIN
  IF NOT fuban_is_admin() THEN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '只有管理员可以建立或修改账户';
  END IF;
END $f$;

-- The login role of an account: member of the groups its app role needs; NOLOGIN when the
-- account is inactive. Only the functions below call it (no EXECUTE for anyone else).
CREATE OR REPLACE FUNCTION fuban_sync_login(p_username text, p_role text, p_active boolean,
                                            p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $f$
DECLARE
  login text := fuban_login_name(p_username);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    EXECUTE 'CREATE ROLE ' || quote_ident(login) || ' NOLOGIN';
  END IF;
  EXECUTE 'GRANT {clerk} TO ' || quote_ident(login);
  IF p_role IN ('admin', 'clerk', 'confidential') THEN  -- the roles that keep the registers
    EXECUTE 'GRANT {writer} TO ' || quote_ident(login);
  ELSE
    EXECUTE 'REVOKE {writer} FROM ' || quote_ident(login);
  END IF;
  IF p_role = 'supervisor' THEN
    EXECUTE 'GRANT {supervision} TO ' || quote_ident(login);
  ELSE
    EXECUTE 'REVOKE {supervision} FROM ' || quote_ident(login);
  END IF;
  IF p_role IN ('admin', 'confidential') THEN
    EXECUTE 'GRANT {jiyao} TO ' || quote_ident(login);
  ELSE
    EXECUTE 'REVOKE {jiyao} FROM ' || quote_ident(login);
  END IF;
  IF p_role = 'admin' THEN
    EXECUTE 'GRANT {admin} TO ' || quote_ident(login);
  ELSE
    EXECUTE 'REVOKE {admin} FROM ' || quote_ident(login);
  END IF;
  IF p_verifier IS NOT NULL THEN
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
      RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = '数据库登录密码须以 SCRAM 形式提交';
    END IF;
    EXECUTE 'ALTER ROLE ' || quote_ident(login) || ' PASSWORD ' || quote_literal(p_verifier);
  END IF;
  EXECUTE 'ALTER ROLE ' || quote_ident(login) || CASE WHEN p_active THEN ' LOGIN' ELSE ' NOLOGIN' END;
END $f$;

-- p_actor: who the app says acts; believed only from the owner or a superuser (`server init`,
-- the first administrator), never from a clerk's login, which acts as its own account.
CREATE OR REPLACE FUNCTION fuban_account_create(p_username text, p_display_name text,
    p_role text, p_hash text, p_verifier text, p_actor text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $f$
DECLARE
  actor text := coalesce(fuban_caller_account(), p_actor, 'system:server');
  new_id integer;
BEGIN
  PERFORM fuban_require_admin();
  INSERT INTO account (username, display_name, role, password_hash, active, created_at,
                       created_by, updated_at, updated_by, version)
  VALUES (p_username, p_display_name, p_role, p_hash, true, now(), actor, now(), actor, 1)
  RETURNING id INTO new_id;
  PERFORM fuban_sync_login(p_username, p_role, true, p_verifier);
  RETURN new_id;
END $f$;

CREATE OR REPLACE FUNCTION fuban_account_update(p_id integer, p_expected_version integer,
    p_display_name text, p_role text, p_active boolean, p_actor text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $f$
DECLARE
  a account%ROWTYPE;
  admins integer;
BEGIN
  PERFORM fuban_require_admin();
  SELECT * INTO a FROM account WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = '记录不存在或已被删除。';
  END IF;
  IF p_expected_version IS NOT NULL AND a.version <> p_expected_version THEN
    RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = '该记录已被他人修改';
  END IF;
  IF a.role = 'admin' AND a.active AND (p_role <> 'admin' OR NOT p_active) THEN
    SELECT count(*) INTO admins FROM (
      SELECT id FROM account WHERE role = 'admin' AND active FOR UPDATE) x;
    IF admins <= 1 THEN
      RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = '这是最后一个管理员账户，不能停用或降为其他角色。';
    END IF;
  END IF;
  UPDATE account SET display_name = p_display_name, role = p_role, active = p_active,
         version = version + 1, updated_at = now(),
         updated_by = coalesce(fuban_caller_account(), p_actor, 'system:server')
   WHERE id = p_id;
  PERFORM fuban_sync_login(a.username, p_role, p_active, NULL);
  RETURN a.version + 1;
END $f$;

-- Returns the digest of the replaced hash (as db.audit.redacted makes it) for the audit entry.
CREATE OR REPLACE FUNCTION fuban_account_set_password(p_id integer, p_hash text,
    p_verifier text, p_actor text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $f$
DECLARE
  a account%ROWTYPE;
BEGIN
  SELECT * INTO a FROM account WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = '记录不存在或已被删除。';
  END IF;
  IF NOT fuban_is_admin() AND a.username IS DISTINCT FROM fuban_caller_account() THEN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '只有管理员可以重设他人的密码';
  END IF;
  UPDATE account SET password_hash = p_hash, version = version + 1, updated_at = now(),
         updated_by = coalesce(fuban_caller_account(), p_actor, 'system:server')
   WHERE id = p_id;
  PERFORM fuban_sync_login(a.username, a.role, a.active, p_verifier);
  RETURN 'sha256:' || encode(sha256(convert_to(a.password_hash, 'UTF8')), 'hex');
END $f$;
"""

# Functions a clerk's login may call; the rest are internal or trigger functions.
CALLABLE = (
    "fuban_server_roles()",
    "fuban_audit_visible(text, integer)",
    "fuban_login_name(text)",
    "fuban_is_owner()",
    "fuban_may_see_classified()",
    "fuban_is_admin()",
    "fuban_caller_account()",
    "fuban_own_password_hash()",
    "fuban_require_admin()",
    "fuban_account_create(text, text, text, text, text, text)",
    "fuban_account_update(integer, integer, text, text, boolean, text)",
    "fuban_account_set_password(integer, text, text, text)",
)
INTERNAL = ("fuban_sync_login(text, text, boolean, text)",)


# The 督办 tables exist from schema 0016 on; a function body may name only tables that exist.
SUPERVISION_TABLES = frozenset({"supervision_item", "supervision_report", "supervision_step"})
SUPERVISION_CASES = """    WHEN 'supervision_item' THEN EXISTS (SELECT 1 FROM supervision_item WHERE id = p_record)
    WHEN 'supervision_report'
      THEN EXISTS (SELECT 1 FROM supervision_report WHERE id = p_record)
    WHEN 'supervision_step' THEN EXISTS (SELECT 1 FROM supervision_step WHERE id = p_record)
"""


def render(sql: str, names, tables: frozenset[str] = frozenset()) -> str:
    cases = SUPERVISION_CASES if SUPERVISION_TABLES <= tables else ""
    return (
        sql.replace("{supervision_cases}", cases)
        .replace("{prefix}", names.prefix)
        .replace("{owner}", names.owner)
        .replace("{clerk}", names.clerk)
        .replace("{writer}", names.writer)
        .replace("{supervision}", names.supervision)
        .replace("{jiyao}", names.jiyao)
        .replace("{admin}", names.admin)
        .replace("{genesis}", GENESIS)
    )
