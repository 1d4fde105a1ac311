-- The application's own migration: it builds on a table of the library's migrations.
create table public.app_meditation_notes (
  meditation_id uuid primary key references public.meditation_history (id) on delete cascade,
  note text not null
);
