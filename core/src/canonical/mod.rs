//! Canonical JSON exactly as Python's
//! `json.dumps(x, sort_keys=True, separators=(",", ":"))` writes it.
