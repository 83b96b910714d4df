INSERT INTO clinic_states BY NAME SELECT * FROM stg_clinic_states
