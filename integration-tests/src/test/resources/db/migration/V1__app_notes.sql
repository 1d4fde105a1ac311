-- A test application's own first migration, in Flyway's default location.
CREATE TABLE public.app_notes (
  id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  body text NOT NULL
);
