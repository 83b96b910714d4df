-- The question or heading that decided a row ("Is ketamine addictive?" for the answer "No."),
-- so an analyst can cite the evidence with what it answers.
ALTER TABLE claims ADD COLUMN context VARCHAR;
ALTER TABLE offers ADD COLUMN context VARCHAR;
