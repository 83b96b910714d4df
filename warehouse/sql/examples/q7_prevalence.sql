-- Q7. Prevalence table comparable with Crane et al. 2023, as of a date (here the latest check).
SELECT * FROM q7_prevalence_as_of((SELECT max(observed_at) FROM observations)::DATE)
