-- Runs whose logical date falls in [$start, $end), oldest first.
SELECT run_id, logical_date, label
FROM runs
WHERE logical_date >= $start AND logical_date < $end
ORDER BY logical_date
