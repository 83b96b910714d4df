-- Fill every maintained table from the stored history (macros in views/12_folded_history.sql):
-- run once after migration 009 on a warehouse that already has runs. Loads keep them up to
-- date after that.
DELETE FROM run_clinic_checks;
INSERT INTO run_clinic_checks BY NAME SELECT * FROM folded_run_checks();

DELETE FROM page_sightings;
INSERT INTO page_sightings BY NAME SELECT * FROM folded_sightings();

DELETE FROM timeline_readings;
INSERT INTO timeline_readings SELECT * FROM current_extraction;

DELETE FROM sentence_history;
INSERT INTO sentence_history BY NAME SELECT * FROM folded_sentences('page_sightings');
