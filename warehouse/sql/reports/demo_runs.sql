-- The demo's runs, one line each: fetches by outcome and new bodies.
SELECT strftime(r.logical_date, '%Y-%m-%d'), r.label, sum(s.fetches), sum(s.ok),
       sum(s.not_modified), sum(s.failed), r.new_bodies
FROM runs r JOIN run_summary s USING (run_id)
GROUP BY ALL ORDER BY 1
