-- Public status pages (issue 13, point 5): an instansi opts in to a public
-- page at /status/{instansi} showing its published APIs' state, 90-day uptime,
-- incidents and maintenance. Off unless the instansi says otherwise; existing
-- rows read as false.
ALTER TABLE instansi ADD COLUMN IF NOT EXISTS public_status Bool DEFAULT false;
