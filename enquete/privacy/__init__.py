"""Privacy: pseudonyms, the matcher for personal data, anonymised quotes, the publication gate."""
