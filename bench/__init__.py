"""Benchmarks (DESIGN.md §9), each compared with a bare-Qt floor measured in the same run."""
