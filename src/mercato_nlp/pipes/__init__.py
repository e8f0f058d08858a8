"""spaCy components of mercato-nlp, one module each."""
