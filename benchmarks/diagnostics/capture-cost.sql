-- Fixtures of capture-cost.sh: 50 users, a listener that looks alive to the triggers, and one
-- statement trigger on INSERT per variant of the change capture, all disabled but one at a time.
insert into auth.users (id, email)
  select ('00000000-0000-0000-0000-0000000000' || n)::uuid, 'capture-' || n || '@inrvo.test' from generate_series(10, 59) n;
insert into public.users (id, email, first_name, last_name, role)
  select id, email, 'Capture', 'Cost', 'user' from auth.users where email like 'capture-%@inrvo.test';
insert into inrvo_private.cache_listeners (id, heartbeat) values (gen_random_uuid(), 'infinity');
alter table public.meditation_history disable trigger inrvo_cache_log_insert;

create unlogged table public.capture_cost_unindexed (like inrvo_private.cache_changes including defaults including identity);
create unlogged table public.capture_cost_least (x int);

-- The library's trigger as migrated: the same function, under a name of its own.
create trigger "library" after insert on public.meditation_history referencing new table as new_rows
  for each statement execute function inrvo_private.log_cache_change('user_id');

-- The library's function (as migrated: V22's since that version) with the DISTINCT it had before
-- migration V20 put back into each of its statements: what dropping it saved.
do $do$
declare
  body text := pg_catalog.replace((select prosrc from pg_catalog.pg_proc
                                   where oid = 'inrvo_private.log_cache_change'::regproc),
                                  'SELECT TG_TABLE_NAME', 'SELECT DISTINCT TG_TABLE_NAME');
begin
  if pg_catalog.strpos(body, 'SELECT DISTINCT TG_TABLE_NAME') = 0 then
    raise exception 'the library''s trigger function no longer reads as expected: with-distinct would measure nothing';
  end if;
  execute format($f$create function public.capture_cost_with_distinct() returns trigger language plpgsql
    security definer set search_path = '' as %L$f$, body);
end $do$;
create trigger "with-distinct" after insert on public.meditation_history referencing new table as new_rows
  for each statement execute function public.capture_cost_with_distinct('user_id');

-- Each variant is the library's INSERT branch as migration V20 wrote it (the live-listener check an
-- EXISTS in the INSERT's WHERE, read at every statement) with one part changed or left out: its log
-- table, the live-listener check or not, and the function's attributes. "specialized" changes
-- nothing, so against "library" (whose connection remembers a live listener since V22, and which
-- also branches on the trigger's arguments) it shows about what remembering saves. Its trigger is
-- named like it, with dashes (capture-cost.sh enables them by those names).
do $do$
declare
  alive constant text := $$ and exists (select 1 from inrvo_private.cache_listeners l
                                        where l.heartbeat > pg_catalog.now() - interval '30 seconds')$$;
  name text; log text; check_ text; attributes text;
begin
  for name, log, check_, attributes in
      select * from (values
        ('specialized', 'inrvo_private.cache_changes', alive, $$security definer set search_path = ''$$),
        ('no_definer_no_set', 'inrvo_private.cache_changes', alive, ''),
        ('definer_only', 'inrvo_private.cache_changes', alive, 'security definer'),
        ('set_only', 'inrvo_private.cache_changes', alive, $$set search_path = ''$$),
        ('no_exists', 'inrvo_private.cache_changes', '', ''),
        ('no_index', 'public.capture_cost_unindexed', '', '')) v
  loop
    execute format($f$create function public.capture_cost_%s() returns trigger language plpgsql %s as $body$
      begin
        insert into %s (t, u, op)
          select TG_TABLE_NAME, n.user_id, 'I' from new_rows n where n.user_id is not null %s;
        return null;
      end $body$$f$, name, attributes, log, check_);
    execute format('create trigger %I after insert on public.meditation_history referencing new table as new_rows'
      ' for each statement execute function public.capture_cost_%s()', pg_catalog.replace(name, '_', '-'), name);
  end loop;
end $do$;
create function public.capture_cost_row() returns trigger language plpgsql as $$
begin
  insert into inrvo_private.cache_changes (t, u, op) values (TG_TABLE_NAME, NEW.user_id, 'I');
  return null;
end $$;
create function public.capture_cost_least() returns trigger language plpgsql as $$
begin
  insert into public.capture_cost_least values (1);
  return null;
end $$;
create function public.capture_cost_empty() returns trigger language plpgsql as $$
begin
  return null;
end $$;

create trigger "row-trigger" after insert on public.meditation_history
  for each row execute function public.capture_cost_row();
create trigger "least-log" after insert on public.meditation_history
  for each statement execute function public.capture_cost_least();
create trigger "empty" after insert on public.meditation_history
  for each statement execute function public.capture_cost_empty();
create trigger "transition-table-only" after insert on public.meditation_history referencing new table as new_rows
  for each statement execute function public.capture_cost_empty();
