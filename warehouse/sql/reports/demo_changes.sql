-- Every change stored, oldest first, with short evidence.
SELECT strftime(observed_at, '%Y-%m-%d'), clinic_id, kind,
       array_to_string(categories, ', '),
       concat_ws(': ', before_value, left(before_evidence, 70)),
       concat_ws(': ', after_value, left(after_evidence, 70))
FROM changes ORDER BY observed_at, clinic_id, kind
