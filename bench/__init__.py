"""Benchmarks of VISES, run by `make bench` (see bench/README.md)."""
