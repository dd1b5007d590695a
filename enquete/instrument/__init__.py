"""The instrument of a wave: its questionnaire, generated from the codebook."""
