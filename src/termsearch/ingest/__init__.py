"""Ingestion: report files to Documents (read, clean, structure, glossary); see pipeline.py."""
